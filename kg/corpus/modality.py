"""Normative modality of sentences and clauses (必须 / 应 / 宜 / 可 ...).

A clause's modality is the strongest one among its sentences: a clause that
says both 应 and 可 is an obligation with a permitted option.
"""
from __future__ import annotations

import re

from kg.corpus.model import Modality, Sentence

# Longest cue first, so that 不应 wins over 应 and 应当 over 应.
_CUES: tuple[tuple[str, Modality], ...] = (
    ("严禁", Modality.MUST_NOT),
    ("禁止", Modality.MUST_NOT),
    ("必须", Modality.MUST),
    ("不应当", Modality.SHALL_NOT),
    ("不应", Modality.SHALL_NOT),
    ("不得", Modality.SHALL_NOT),
    ("应当", Modality.SHALL),
    ("不宜", Modality.SHOULD_NOT),
    ("宜", Modality.SHOULD),
    ("应", Modality.SHALL),
    ("可", Modality.MAY),
)
_CUE_PATTERN = re.compile("|".join(cue for cue, _ in _CUES))
_CUE_MODALITY = dict(_CUES)
# Words that contain a cue character without being a modal verb.
_FALSE_CUES = re.compile(
    r"可燃|可能|可靠|可行|可视|可控|可及|许可|认可|不可抗|应急|应用|相应|适应|响应|供应|反应|对应|"
    r"感应|效应|应对|适宜|便宜|事宜|宜居|可疑|可拆|可开启|可移动|可变|可操作|可调|可熔|可燃性"
)
_STRENGTH = {
    Modality.MUST_NOT: 7, Modality.MUST: 6, Modality.SHALL_NOT: 5, Modality.SHALL: 4,
    Modality.SHOULD_NOT: 3, Modality.SHOULD: 2, Modality.MAY: 1,
}
_SENTENCE_END = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


def sentence_modality(sentence: str) -> Modality | None:
    """The modality of one sentence: its first modal cue that is not part of another word.

    >>> [sentence_modality(s) for s in ("消防车道严禁占用。", "室内消火栓应设置在楼梯间。",
    ...                                   "单位不得损坏消防设施。", "可燃材料仓库宜独立设置。", "本法自公布之日起施行。")]
    [<Modality.MUST_NOT: 'must_not'>, <Modality.SHALL: 'shall'>, <Modality.SHALL_NOT: 'shall_not'>, <Modality.SHOULD: 'should'>, None]
    """
    masked = _FALSE_CUES.sub(lambda match: "＿" * len(match.group()), sentence)
    match = _CUE_PATTERN.search(masked)
    return _CUE_MODALITY[match.group()] if match else None


def split_sentences(text: str) -> list[Sentence]:
    """Split text at 。；！？ and line ends, tagging each sentence with its modality.

    >>> [(s.text, s.start, s.modality.value) for s in split_sentences("应设置喷头。可采用干式系统。")]
    [('应设置喷头。', 0, 'shall'), ('可采用干式系统。', 6, 'may')]
    """
    sentences = []
    for match in _SENTENCE_END.finditer(text):
        if match.group().strip():
            sentences.append(Sentence(match.group(), match.start(), sentence_modality(match.group())))
    return sentences


def strongest(modalities: list[Modality | None]) -> Modality | None:
    """The strongest modality of a list, ``None`` when none is modal.

    >>> strongest([None, Modality.MAY, Modality.SHALL]).value
    'shall'
    """
    present = [modality for modality in modalities if modality is not None]
    return max(present, key=_STRENGTH.__getitem__) if present else None

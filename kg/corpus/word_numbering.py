"""The numbers Word draws in front of paragraphs from its list definitions (numbering.xml).

A rule typed in Word often numbers its articles and chapters automatically (a list whose level reads
第%1条 in Chinese counting): the number is then not in the paragraph's text, and a reader that takes
only the text finds no article at all. :class:`WordNumbering` counts the lists as Word does and gives
each numbered paragraph its label (第一条, 第二章, 3.1.2), for the reader to put before its text.
A level skipped since its parent last counted shows as 0, as in Word: a clause under a chapter without
sections reads 1.0.1, the usual number of a code's first clause. :class:`ListCounter` does the counting for
both Word formats: :class:`WordNumbering` reads a .docx's lists, :mod:`kg.corpus.doc_text` a .doc's.
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.corpus.text import int_to_chinese

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = 9
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
                    "taiwaneseCounting", "taiwaneseCountingThousand"}


@dataclass(frozen=True)
class ListLevel:
    start: int
    format: str          # w:numFmt: decimal, chineseCounting, lowerLetter, bullet, …
    text: str            # w:lvlText: 第%1条, %1.%2.%3, …


class ListCounter:
    """Lists' levels, and a counter per list as its paragraphs are read in order (a .docx's or a .doc's)."""

    def __init__(self, lists: dict[str, dict[int, ListLevel]]) -> None:
        self.lists = lists
        self.counters: dict[str, list[int | None]] = {}

    def count(self, list_id: str | None, level: int | None) -> str:
        """The number Word shows before a paragraph of this list and level ("" for none), counting it; paragraphs
        must be counted in document order."""
        levels, level = self.lists.get(list_id or ""), level or 0
        if not levels or level not in levels or levels[level].format in ("bullet", "none"):
            return ""
        counters = self.counters.setdefault(list_id, [None] * _LEVELS)
        counters[level] = (counters[level] if counters[level] is not None else levels[level].start - 1) + 1
        counters[level + 1:] = [None] * (_LEVELS - level - 1)
        text = levels[level].text
        for shown in range(level + 1):
            defined = levels.get(shown, levels[level])
            value = counters[shown] if counters[shown] is not None else defined.start - 1   # a skipped level: 0
            text = text.replace(f"%{shown + 1}", _formatted(value, defined.format))
        return text.strip()


def numbered(label: str, text: str) -> str:
    """A paragraph's text after the number Word draws for it, if any.

    >>> numbered("第一条", "为了预防火灾"), numbered("", "附则")
    ('第一条 为了预防火灾', '附则')
    """
    return f"{label} {text}" if label else text


class WordNumbering(ListCounter):
    """The list definitions of a .docx (numbering.xml, and the lists its paragraph styles number with)."""

    def __init__(self, numbering_element, styles_element=None) -> None:
        abstract = {node.get(f"{_W}abstractNumId"): _levels(node)
                    for node in numbering_element.iter(f"{_W}abstractNum")}
        lists: dict[str, dict[int, ListLevel]] = {}
        for node in numbering_element.iter(f"{_W}num"):
            reference = node.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(reference.get(f"{_W}val"), {})) if reference is not None else {}
            for override in node.iter(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                level = int(override.get(f"{_W}ilvl", "0"))
                if start is not None and level in levels:
                    levels[level] = ListLevel(int(start.get(f"{_W}val")), levels[level].format, levels[level].text)
            lists[node.get(f"{_W}numId")] = levels
        super().__init__(lists)
        self.style_numbers = _style_numbers(styles_element) if styles_element is not None else {}

    def label(self, paragraph_element, style_id: str | None = None) -> str:
        """The number Word shows before this paragraph ("" for none), counting it; paragraphs must be asked in
        document order. ``style_id``: the paragraph's style, whose list a paragraph without its own uses."""
        own = paragraph_element.find(f"{_W}pPr/{_W}numPr")
        num_id, level = _num_pr(own) if own is not None else (None, None)
        if num_id is None and style_id in self.style_numbers:
            num_id, styled_level = self.style_numbers[style_id]
            level = styled_level if level is None else level
        return self.count(num_id, level)


def _levels(abstract_node) -> dict[int, ListLevel]:
    levels = {}
    for node in abstract_node.iter(f"{_W}lvl"):
        start, number_format, text = node.find(f"{_W}start"), node.find(f"{_W}numFmt"), node.find(f"{_W}lvlText")
        levels[int(node.get(f"{_W}ilvl", "0"))] = ListLevel(
            int(start.get(f"{_W}val")) if start is not None else 1,
            number_format.get(f"{_W}val") if number_format is not None else "decimal",
            text.get(f"{_W}val") if text is not None else "")
    return levels


def _num_pr(node) -> tuple[str | None, int | None]:
    num_id, level = node.find(f"{_W}numId"), node.find(f"{_W}ilvl")
    return (num_id.get(f"{_W}val") if num_id is not None else None,
            int(level.get(f"{_W}val")) if level is not None else None)


def _style_numbers(styles_element) -> dict[str, tuple[str, int | None]]:
    """The list each paragraph style numbers its paragraphs with (a heading style tied to 第%1章)."""
    found = {}
    for style in styles_element.iter(f"{_W}style"):
        numbering = style.find(f"{_W}pPr/{_W}numPr")
        if numbering is not None:
            num_id, level = _num_pr(numbering)
            if num_id is not None:
                found[style.get(f"{_W}styleId")] = (num_id, level)
    return found


def _formatted(value: int, number_format: str) -> str:
    """A counter as a list level writes it.

    >>> [_formatted(12, f) for f in ("decimal", "chineseCounting", "lowerLetter", "upperLetter", "decimalZero")]
    ['12', '十二', 'l', 'L', '12']
    """
    if number_format in _CHINESE_FORMATS and 0 < value < 10000:
        return int_to_chinese(value)
    if number_format in ("lowerLetter", "upperLetter") and 0 < value <= 26:
        letter = chr(ord("a") + value - 1)
        return letter.upper() if number_format == "upperLetter" else letter
    return str(value)

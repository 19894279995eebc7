"""A spaCy ``zh`` pipeline (blank, jieba segmenter) whose component sets ``doc.ents`` from an extractor.

The web layer renders highlighted clauses from it with displaCy.
"""
from __future__ import annotations

import logging

from ner.encoder import EncoderError

logger = logging.getLogger(__name__)
COMPONENT = "firekg_entities"


def _require_spacy():
    try:
        import spacy
        from spacy.language import Language
    except ImportError as error:
        raise EncoderError("The spaCy pipeline needs spaCy and jieba: pip install spacy jieba") from error
    return spacy, Language


class EntityComponent:
    """Runs an extractor (anything with ``extract(texts)``) on each doc and sets ``doc.ents``."""

    def __init__(self, extractor=None) -> None:
        self.extractor = extractor

    def __call__(self, doc):
        if self.extractor is None:
            from ner.baseline import GazetteerExtractor
            self.extractor = GazetteerExtractor()
        mentions = self.extractor.extract([doc.text])[0]
        spans, taken = [], set()
        for mention in mentions:
            span = doc.char_span(mention.start, mention.end, label=mention.label, alignment_mode="expand")
            if span is None or taken & set(range(span.start, span.end)):
                continue
            taken |= set(range(span.start, span.end))
            spans.append(span)
        doc.ents = spans
        return doc


def _register(language_class) -> None:
    if COMPONENT not in language_class.factories:
        language_class.factory(COMPONENT, func=lambda nlp, name: EntityComponent())


def build_pipeline(extractor=None):
    """``spacy.blank("zh")`` with jieba word segmentation and the entity component.

    Entity spans are widened to whole jieba tokens where a mention ends inside a word.

    >>> nlp = build_pipeline()
    >>> [(ent.text, ent.label_) for ent in nlp("室内消火栓应设置在楼梯间").ents]
    [('室内消火栓', 'EQUIPMENT')]
    """
    spacy, language_class = _require_spacy()
    _register(language_class)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe(COMPONENT)
    nlp.get_pipe(COMPONENT).extractor = extractor
    return nlp

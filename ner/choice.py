"""Pick a mention extractor by name: the one place the CLI and the web app turn a setting into one."""
from __future__ import annotations

from kg.errors import ConfigurationError

EXTRACTOR_CHOICES = ("baseline", "model", "ensemble", "none")


def make_extractor(name: str):
    """``baseline`` (gazetteer), ``model`` (fine-tuned tagger), ``ensemble`` (model + gazetteer) or ``none``.

    >>> make_extractor("none") is None
    True
    >>> make_extractor("baseline").name
    'gazetteer'
    """
    if name not in EXTRACTOR_CHOICES:
        raise ConfigurationError(f"extractor {name!r}: use one of {', '.join(EXTRACTOR_CHOICES)}.")
    if name == "none":
        return None
    if name == "baseline":
        from ner.baseline import GazetteerExtractor
        return GazetteerExtractor()
    try:
        from ner.extractor import Extractor
    except ImportError as error:
        raise ConfigurationError(f"extractor {name!r} needs the NER model's packages: "
                                 f"pip install -e '.[ner]' ({error.name} is missing).") from error
    return Extractor.load(ensemble=name == "ensemble")

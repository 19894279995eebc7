"""Build a QAEngine with the chosen summariser: the one place the CLI and the web app assemble it."""
from __future__ import annotations

import os

from kg.errors import ConfigurationError
from kg.store.base import GraphStore

SUMMARIZER_CHOICES = ("none", "server", "local")


def chosen_summarizer(llm: str | None) -> str:
    """``none``, ``server`` or ``local``; unset means server when FIREKG_LLM_BASE_URL is set, else none.

    >>> chosen_summarizer("local")
    'local'
    """
    choice = llm or ("server" if os.environ.get("FIREKG_LLM_BASE_URL") else "none")
    if choice not in SUMMARIZER_CHOICES:
        raise ConfigurationError(f"summariser {choice!r}: use one of {', '.join(SUMMARIZER_CHOICES)}.")
    return choice


def build_engine(store: GraphStore, llm: str | None = None, text2cypher: bool = True, extractor=None,
                 semantic: bool | None = None):
    """The engine with the chosen summariser; every collaborator is built here, once.

    ``semantic``: whether refusals get the e5 second opinion; None means as FIREKG_QA_SEMANTIC says.
    """
    from ner.baseline import GazetteerExtractor
    from qa.engine import QAEngine
    from qa.semantic import semantic_check_from_env
    from qa.summarize import ExtractiveSummarizer, LLMSummarizer
    from qa.text2cypher import TextToCypher

    extractor = extractor or GazetteerExtractor()
    check = semantic_check_from_env() if semantic is not False else None
    choice = chosen_summarizer(llm)
    if choice == "none":
        return QAEngine(store, ExtractiveSummarizer(), extractor, semantic=check)
    from qa.llm import LLMSettings, open_chat_model
    settings = LLMSettings.from_env()
    if choice == "server" and not settings.base_url:
        raise ConfigurationError("--llm server needs FIREKG_LLM_BASE_URL (e.g. http://127.0.0.1:11434/v1) "
                                 "and FIREKG_LLM_MODEL.")
    if choice == "local" and settings.base_url:
        settings = LLMSettings(**{**settings.__dict__, "base_url": ""})
    chat = open_chat_model(settings)
    return QAEngine(store, LLMSummarizer(chat), extractor, TextToCypher(store, chat) if text2cypher else None,
                    semantic=check)

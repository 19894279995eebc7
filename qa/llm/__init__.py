"""The LLM runtime layer: chat models behind one interface and the local GGUF models.

* :mod:`qa.llm.client` — :class:`ChatModel`, :class:`OpenAICompatibleChat` (any
  OpenAI-compatible server) and :class:`LlamaCppChat` (a GGUF run in-process).
* :mod:`qa.llm.gguf` — :func:`assemble_gguf` joins a model split across PyPI packages.
* :mod:`qa.llm.settings` — :class:`LLMSettings` from ``FIREKG_LLM_*`` and
  :func:`open_chat_model`.

Importing this package loads no model and needs no optional dependency;
llama-cpp-python is imported only when a :class:`LlamaCppChat` is built.
"""
from qa.llm.client import ChatModel, LlamaCppChat, OpenAICompatibleChat, Usage
from qa.llm.errors import (
    LLMError,
    LLMRequestFailed,
    LLMRuntimeMissing,
    LLMUnavailable,
    ModelChecksumMismatch,
    ModelPartsMissing,
)
from qa.llm.gguf import MODELS, SplitModel, assemble_gguf
from qa.llm.settings import LLMSettings, open_chat_model

__all__ = [
    "ChatModel", "LlamaCppChat", "OpenAICompatibleChat", "Usage",
    "LLMError", "LLMRequestFailed", "LLMRuntimeMissing", "LLMUnavailable",
    "ModelChecksumMismatch", "ModelPartsMissing",
    "MODELS", "SplitModel", "assemble_gguf",
    "LLMSettings", "open_chat_model",
]

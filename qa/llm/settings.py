"""Which chat model FireKG uses, read from flags or ``FIREKG_LLM_*`` environment variables."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from kg.envsettings import settings_from_env
from kg.errors import ConfigurationError
from qa.llm.client import ChatModel, LlamaCppChat, OpenAICompatibleChat
from qa.llm.gguf import MODELS, assemble_gguf

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LLMSettings:
    """Settings of the chat model; each field's help names its environment variable."""

    base_url: str = field(default="", metadata={
        "env": "FIREKG_LLM_BASE_URL",
        "help": "OpenAI-compatible API root, e.g. http://127.0.0.1:11434/v1; empty runs a GGUF in-process"})
    model: str = field(default="qwen2.5-coder-0.5b-instruct", metadata={
        "env": "FIREKG_LLM_MODEL",
        "help": "model name sent to the server, or a split-model name / .gguf path run in-process"})
    api_key: str = field(default="", repr=False, metadata={
        "env": "FIREKG_LLM_API_KEY", "help": "bearer token for the server, if it wants one"})
    timeout: float = field(default=120.0, metadata={
        "env": "FIREKG_LLM_TIMEOUT", "help": "seconds one request to the server may take"})
    n_ctx: int = field(default=4096, metadata={
        "env": "FIREKG_LLM_CTX", "help": "context size in tokens for the in-process model"})
    n_threads: int = field(default=0, metadata={
        "env": "FIREKG_LLM_THREADS", "help": "CPU threads for the in-process model; 0 uses every core"})

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "LLMSettings":
        """Settings with each field taken from its environment variable when set.

        >>> LLMSettings.from_env({"FIREKG_LLM_BASE_URL": "http://127.0.0.1:8000/v1", "FIREKG_LLM_CTX": "2048"})
        LLMSettings(base_url='http://127.0.0.1:8000/v1', model='qwen2.5-coder-0.5b-instruct', timeout=120.0, n_ctx=2048, n_threads=0)
        """
        return settings_from_env(cls, environ)


def open_chat_model(settings: LLMSettings) -> ChatModel:
    """The chat model the settings describe: a server client, or a GGUF run in-process."""
    if settings.base_url:
        return OpenAICompatibleChat(settings.base_url, settings.model, settings.api_key or None, settings.timeout)
    if settings.model in MODELS:
        path = assemble_gguf(settings.model)
    else:
        path = Path(settings.model).expanduser()
        if path.suffix != ".gguf":
            raise ConfigurationError(
                f"FIREKG_LLM_MODEL={settings.model!r} is neither a split model ({', '.join(MODELS)}) "
                "nor a .gguf file; set FIREKG_LLM_BASE_URL to use it on a server.")
    return LlamaCppChat(path, n_ctx=settings.n_ctx, n_threads=settings.n_threads or None)

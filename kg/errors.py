"""The one exception family of FireKG, with a subclass per stage.

Messages say what happened, the likely cause and the fix. Library code raises
these; only the CLI and the web layer turn them into text or HTTP codes.
"""
from __future__ import annotations


class FireKGError(Exception):
    """Base class of every error FireKG raises on purpose."""


class CorpusFormatError(FireKGError):
    """A source file could not be read or parsed into clauses.

    ``path`` names the file; ``expected`` says what a valid input looks like.
    """

    def __init__(self, path: str, problem: str, expected: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        self.expected = expected
        message = f"{self.path}: {problem}"
        if expected:
            message += f" Expected {expected}"
        super().__init__(message)


class ConfigurationError(FireKGError):
    """A setting, flag or environment variable has an unusable value."""


class GraphStoreError(FireKGError):
    """A graph store operation failed."""


class GraphStoreUnavailable(GraphStoreError):
    """The configured graph store cannot be reached or refused the credentials."""


class ExtractionError(FireKGError):
    """Entity extraction failed (model missing, bad input, ...)."""


class UnsafeCypherError(FireKGError):
    """A Cypher query was refused because it is not provably read-only."""


class ExportError(FireKGError):
    """An export was asked for with an unusable filter, format or output folder.

    ``parameter`` names the offending input as both the CLI and the web API spell it
    (``doc``, ``rel``, ``label``, ``format``, ``out``), so each layer can point at its own flag or field.
    """

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.detail = message
        super().__init__(f"{parameter}: {message}")

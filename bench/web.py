"""Load on the web API: requests/s and latency for /api/ask and /api/graph/neighborhood under 20 clients.

    python bench/web.py [--clients 20] [--seconds 15] [--url http://127.0.0.1:8000] [--corpora PATH ...]

Without --url it starts `firekg serve` on a free 127.0.0.1 port over a fresh embedded graph (the demo
code, plus any --corpora ingested first) and stops it at the end. Each endpoint is measured twice in the
same run: one client (the baseline) and N concurrent clients on keep-alive connections. It prints
requests/s, p50/p95/max latency and errors, and the throughput ratio N clients / 1 client.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import quote, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.servers import free_port, serving  # noqa: E402

QUESTIONS = REPO / "corpora" / "qa" / "dev.jsonl"
FALLBACK_QUESTIONS = ["室内消火栓的间距是多少？", "哪些条文是强制性条文？", "消防水泵接合器应设置在什么位置？"]


@contextmanager
def started_server(home: Path, corpora: list[str]) -> Iterator[str]:
    """``firekg serve`` over a fresh graph in ``home`` (``corpora`` ingested first); yields its URL."""
    environment = {**os.environ, "FIREKG_HOME": str(home)}
    firekg = [sys.executable, "-m", "firekg.cli"]
    if corpora:
        subprocess.run([*firekg, "ingest", *corpora], env=environment, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [*firekg, "serve", "--port", str(port), "--threads", "16"]
    with serving(command, f"{url}/api/health", home / "serve.log", env=environment):
        yield url


def request(url: str, method: str, path: str, body: dict | None = None,
            connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = connection is None
    parts = urlsplit(url)
    connection = connection or http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    payload = json.dumps(body).encode() if body is not None else None
    connection.request(method, path, payload, {"Content-Type": "application/json"} if payload else {})
    response = connection.getresponse()
    data = response.read()
    if own:
        connection.close()
    return response.status, data


def workload(url: str) -> dict[str, list[tuple[str, str, dict | None]]]:
    """The requests each endpoint cycles through: dev questions, and neighbourhoods of searched names."""
    questions = FALLBACK_QUESTIONS
    if QUESTIONS.exists():
        rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
        questions = [row["question"] for row in rows] or questions
    ids = []
    for term in ("消火栓", "火灾", "防火门", "喷水", "疏散"):
        found = json.loads(request(url, "GET", "/api/search?q=" + quote(term))[1])
        ids += [item["id"] for item in found["entities"][:3]] + [item["id"] for item in found["clauses"][:3]]
    return {
        "/api/ask": [("POST", "/api/ask", {"question": question}) for question in questions],
        "/api/graph/neighborhood": [("GET", f"/api/graph/neighborhood?id={quote(node)}&depth=2&limit=150", None)
                                    for node in ids],
    }


def load(url: str, requests: list, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(seed: int) -> None:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        order = random.Random(seed)
        while time.perf_counter() < deadline:
            method, path, body = order.choice(requests)
            started = time.perf_counter()
            try:
                status, _ = request(url, method, path, body, connection)
                failed = status != 200
            except OSError:
                failed = True
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += failed
        connection.close()

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {"requests": len(ordered), "errors": errors[0], "rps": len(ordered) / elapsed,
            "p50_ms": 1000 * statistics.median(ordered), "p95_ms": 1000 * ordered[int(0.95 * (len(ordered) - 1))],
            "max_ms": 1000 * ordered[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15.0, help="per endpoint and concurrency level")
    parser.add_argument("--url", help="a running firekg serve; default: start one")
    parser.add_argument("--corpora", nargs="*", default=[], help="files or folders to ingest before serving")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="firekg-bench-web-") as home:
        with nullcontext(options.url) if options.url else started_server(Path(home), options.corpora) as url:
            health = json.loads(request(url, "GET", "/api/health")[1])
            print(f"{url}: {health['store']['documents']} documents, {health['store']['clauses']} clauses, "
                  f"summariser {health['summarizer']}, {os.cpu_count()} CPUs")
            for endpoint, requests in workload(url).items():
                request(url, *requests[0][:2], requests[0][2])  # warm-up: the QA engine is built on first use
                single = load(url, requests, 1, options.seconds)
                many = load(url, requests, options.clients, options.seconds)
                for name, result in (("1 client", single), (f"{options.clients} clients", many)):
                    print(f"{endpoint:<26}{name:<12} {result['rps']:7.1f} req/s  p50 {result['p50_ms']:7.1f} ms  "
                          f"p95 {result['p95_ms']:7.1f} ms  max {result['max_ms']:7.1f} ms  "
                          f"{result['requests']} requests, {result['errors']} errors")
                print(f"{endpoint:<26}throughput {options.clients} clients / 1 client: "
                      f"{many['rps'] / single['rps']:.2f}x")


if __name__ == "__main__":
    main()

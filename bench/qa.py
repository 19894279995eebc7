"""QA latency per stage on the embedded store: template path, text path, extractive and local LLM summaries.

    python bench/qa.py [--repeat 3] [--home DIR] [--llm-questions 12] [--no-llm]

Builds an embedded graph of ../shared/corpora and the demo code (what `firekg ingest` writes,
gazetteer mentions included) in a temporary folder, or reuses --home when that folder already
holds a graph (it is built there otherwise and kept). Then answers corpora/qa/dev.jsonl
--repeat times with the extractive summariser and prints p50/p95 milliseconds per stage
(linking, cypher, retrieval — which includes e5's pass over the question when it ranks a close
call, and the wait for that pass, started in the background before linking, when it ranks a list
question — semantic — the e5 second opinion, asked only when the lexical checks refuse —
summarizing, and their total) for each path the engine took:
`template` (a Cypher template chose the candidates), `text` (nothing linked: BM25 over clause
texts) and refusals. The local GGUF 0.5B model (llama-cpp-python plus the model's PyPI parts,
see README "Questions") then answers the first --llm-questions answerable questions once;
when either is missing it is skipped with the reason. Ratios compare each p95 total with the
extractive template path measured in the same run; the issue's target is a template-path p95
well under 100 ms without an LLM.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kg.corpus.loader import parse_paths  # noqa: E402
from kg.store import StoreSettings, open_store  # noqa: E402
from kg.store.ingest import ingest_documents  # noqa: E402
from ner.baseline import GazetteerExtractor  # noqa: E402
from qa.engine import QAEngine  # noqa: E402
from qa.evaluate import load_questions  # noqa: E402
from qa.semantic import semantic_check_from_env  # noqa: E402
from qa.summarize import ExtractiveSummarizer, LLMSummarizer  # noqa: E402

STAGES = ("linking", "cypher", "retrieval", "semantic", "summarizing", "total")
DEV = REPO / "corpora" / "qa" / "dev.jsonl"
DEMO_CODE = REPO / "corpora" / "standards" / "demo_fire_code.md"


def build_graph(home: Path, corpora: Path) -> float:
    """Write the corpora and the demo code into the embedded graph at ``home``; seconds taken."""
    start = time.perf_counter()
    documents = parse_paths([corpora, DEMO_CODE]).documents
    with open_store(StoreSettings(home=home)) as store:
        ingest_documents(store, documents, GazetteerExtractor())
    return time.perf_counter() - start


def has_graph(home: Path) -> bool:
    if not (home / "graph").is_dir():
        return False
    with open_store(StoreSettings(home=home)) as store:
        return bool(store.read("MATCH (d:Document) RETURN count(d) AS n")[0]["n"])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def answer_all(engine: QAEngine, questions, repeat: int) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per stage, grouped by the path each answer took."""
    timings: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for _ in range(repeat):
        for question in questions:
            answer = engine.ask(question.question)
            path = "refused" if answer.abstained else answer.mode
            for stage in STAGES[:-1]:
                timings[path][stage].append(answer.timings_ms.get(stage, 0.0))
            timings[path]["total"].append(sum(answer.timings_ms.values()))
    return timings


def report(title: str, timings: dict[str, dict[str, list[float]]], baseline: float | None) -> None:
    print(f"\n{title}")
    print(f"  {'path':<10}{'answers':>8}  " + "  ".join(f"{stage:>17}" for stage in STAGES) + "   p95 / template")
    print(f"  {'':<10}{'':>8}  " + "  ".join(f"{'p50':>8} {'p95':>8}" for _ in STAGES))
    for path in ("template", "text", "text2cypher", "refused"):
        if path not in timings:
            continue
        stages = timings[path]
        cells = "  ".join(f"{statistics.median(stages[s]):8.1f} {percentile(stages[s], 0.95):8.1f}" for s in STAGES)
        ratio = f"{percentile(stages['total'], 0.95) / baseline:7.1f}x" if baseline else ""
        print(f"  {path:<10}{len(stages['total']):>8}  {cells}   {ratio}")


def local_llm_summarizer():
    """The local 0.5B GGUF summariser, or the reason it cannot run here."""
    try:
        from qa.llm import LLMError, LLMSettings, open_chat_model
        return LLMSummarizer(open_chat_model(LLMSettings(base_url=""))), ""
    except (ImportError, LLMError) as error:
        return None, str(error).splitlines()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the dev questions (extractive)")
    parser.add_argument("--home", type=Path, help="FIREKG_HOME to reuse (built there when it holds no graph)")
    parser.add_argument("--corpora", type=Path, default=REPO.parent / "shared" / "corpora")
    parser.add_argument("--llm-questions", type=int, default=12, help="answerable questions for the local LLM")
    parser.add_argument("--no-llm", action="store_true", help="skip the local LLM summariser")
    args = parser.parse_args()
    questions = load_questions(DEV)
    with tempfile.TemporaryDirectory() as scratch:
        home = args.home or Path(scratch)
        if has_graph(home):
            print(f"reusing the graph in {home}")
        else:
            print(f"built the graph in {home} in {build_graph(home, args.corpora):.1f} s")
        os.environ["FIREKG_HOME"] = str(home)      # e5's clause cache lives there too (FIREKG_HOME/cache)
        with open_store(StoreSettings(home=home)) as store:
            start = time.perf_counter()
            engine = QAEngine(store, ExtractiveSummarizer(), GazetteerExtractor(), semantic=semantic_check_from_env())
            print(f"engine ready in {time.perf_counter() - start:.1f} s; {len(questions)} questions x {args.repeat}")
            if engine.semantic is not None:
                start = time.perf_counter()
                engine.semantic.vectors()          # loads the encoder; embeds the clauses unless cached
                print(f"semantic check ready in {time.perf_counter() - start:.1f} s "
                      f"({len(engine.clauses)} clause embeddings)")
            engine.ask(questions[0].question)  # warm-up, not counted
            timings = answer_all(engine, questions, args.repeat)
            baseline = percentile(timings["template"]["total"], 0.95)
            report("extractive summariser (no LLM), milliseconds", timings, baseline)
            print(f"\ntemplate path p95 without an LLM: {baseline:.1f} ms (target: well under 100 ms)")
            if args.no_llm:
                return
            summarizer, reason = local_llm_summarizer()
            if summarizer is None:
                print(f"\nlocal GGUF summariser skipped: {reason}")
                return
            llm_engine = QAEngine(store, summarizer, GazetteerExtractor())
            answerable = [q for q in questions if q.type != "refuse"][:args.llm_questions]
            llm_engine.ask(answerable[0].question)  # warm-up: loads the model's weights into memory
            report(f"local GGUF summariser ({summarizer.name}), {len(answerable)} answerable questions once, "
                   f"milliseconds", answer_all(llm_engine, answerable, 1), baseline)


if __name__ == "__main__":
    main()

"""``firekg ask`` and ``firekg qa eval``."""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
from tqdm import tqdm

from kg.errors import FireKGError
from kg.store import open_store
from qa.build import build_engine
from qa.answer import MAX_QUESTION_CHARS

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = REPO / "corpora" / "qa" / "dev.jsonl"


def llm_options(command):
    command = click.option("--llm", type=click.Choice(["none", "server", "local"]), default=None,
                           help="Summariser: extractive (none), an OpenAI-compatible server (FIREKG_LLM_BASE_URL), "
                                "or a local GGUF (FIREKG_LLM_MODEL). Default: server if FIREKG_LLM_BASE_URL is set, "
                                "else none.")(command)
    return click.option("--text2cypher/--no-text2cypher", default=True,
                        help="Let the LLM write Cypher (guarded) for questions no template fits.")(command)


@click.command()
@click.argument("question", required=False)
@click.option("--doc", "docs", multiple=True, help="Restrict to these document ids (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the answer contract as JSON.")
@click.option("--input", "input_file", type=click.Path(exists=True, path_type=Path),
              help='Answer many questions: JSONL lines {"id", "question"}.')
@click.option("--output", "output_file", type=click.Path(path_type=Path), help="Where --input answers go (JSONL).")
@llm_options
def ask(question, docs, as_json, input_file, output_file, llm, text2cypher):
    """Answer a question about the loaded documents, citing the exact articles."""
    from firekg.cli import current_settings
    if bool(question) == bool(input_file):
        raise click.UsageError("give either a QUESTION or --input Q.jsonl (with --output A.jsonl)")
    if input_file and not output_file:
        raise click.UsageError("--input needs --output")
    if question and len(question) > MAX_QUESTION_CHARS:
        raise click.UsageError(f"the question is {len(question)} characters; the limit is {MAX_QUESTION_CHARS}. "
                               "Ask about one thing at a time.")
    rows = _read_questions(input_file) if input_file else None     # a bad line fails before the engine is built
    with open_store(current_settings()) as store:
        engine = build_engine(store, llm, text2cypher)
        if rows is not None:
            _answer_rows(engine, rows, output_file, list(docs) or None)
            return
        answer = engine.ask(question, list(docs) or None)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(answer.answer)
    if answer.citations:
        click.echo("\n依据：" + "；".join(citation.label() for citation in answer.citations))
    click.echo(f"\n[{answer.mode}/{answer.intent}, {answer.summarizer}, "
               f"{sum(answer.timings_ms.values()):.0f} ms]", err=True)


def _answer_rows(engine, rows: list[dict], output_file: Path, docs) -> None:
    with open(output_file, "w", encoding="utf-8") as out, \
            tqdm(total=len(rows), desc="answering", unit="q", file=sys.stderr, disable=None) as bar:
        for row in rows:
            answer = engine.ask(row["question"], docs)
            out.write(json.dumps({"id": row.get("id"), **answer.to_dict()}, ensure_ascii=False) + "\n")
            bar.update(1)


def _read_questions(input_file: Path) -> list[dict]:
    """The {"id", "question"} lines of a batch, all checked before any is answered."""
    rows = []
    for number, raw in enumerate(input_file.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip():
            try:
                row = json.loads(raw)
            except json.JSONDecodeError as error:
                raise FireKGError(f'{input_file}:{number}: not JSON ({error.msg}); each line is {{"id", "question"}}.') \
                    from error
            if not isinstance(row, dict) or not isinstance(row.get("question"), str):
                raise FireKGError(f'{input_file}:{number}: each line needs "id" and a string "question".')
            if len(row["question"]) > MAX_QUESTION_CHARS:
                raise FireKGError(f'{input_file}:{number}: "question" is {len(row["question"])} characters; '
                                  f"the limit is {MAX_QUESTION_CHARS}.")
            rows.append(row)
    return rows


@click.group()
def qa() -> None:
    """Evaluate question answering."""


@qa.command(name="eval")
@click.option("--data", "data_file", type=click.Path(exists=True, path_type=Path), default=DEFAULT_QUESTIONS,
              show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--details", "details_file", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Also write one JSON line per question: its gold and cited clauses, abstention and facts.")
@llm_options
def evaluate(data_file, as_json, details_file, llm, text2cypher):
    """Citation precision/recall, fact accuracy, abstention accuracy, share of read-only Cypher."""
    from firekg.cli import current_settings
    from qa.evaluate import evaluate_answers, load_questions, question_details

    if details_file and not details_file.resolve().parent.is_dir():
        raise click.BadParameter(f"the folder {details_file.resolve().parent} does not exist; create it first",
                                 param_hint="'--details'")
    questions = load_questions(data_file)
    with open_store(current_settings()) as store:
        engine = build_engine(store, llm, text2cypher)
        started = time.perf_counter()
        answers = [engine.ask(question.question) for question in tqdm(questions, desc="answering", file=sys.stderr,
                                                                     disable=None)]
        seconds = time.perf_counter() - started
        statistics = getattr(engine.text2cypher, "statistics", None)
    scores = evaluate_answers(questions, answers)
    if details_file:
        details_file.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n"
                                        for row in question_details(questions, answers)), encoding="utf-8")
    scores["seconds"] = round(seconds, 2)
    scores["semantic"] = engine.semantic is not None and not engine.semantic.broken
    if statistics:
        scores["text2cypher"] = statistics
    if as_json:
        click.echo(json.dumps(scores, ensure_ascii=False, indent=1))
        return
    semantic = "e5 second opinion on" if scores["semantic"] else "lexical rules only"
    click.echo(f"{data_file}: {scores['questions']} questions in {seconds:.1f} s ({answers[0].summarizer}; {semantic})")
    for line in score_lines(scores):
        click.echo(line)


def score_lines(scores: dict) -> list[str]:
    """The scores of ``firekg qa eval`` as the lines it prints."""
    lines = [f"  {key:<22}{scores[key]:.3f}" for key in
             ("citation_precision", "citation_recall", "fact_accuracy", "abstention_accuracy", "cypher_read_only")]
    lines += [f"  {name:<8} n={row['questions']:<4} P={row['precision']:.3f} R={row['recall']:.3f} "
              f"abstention={row['abstention']:.3f}" for name, row in scores["by_type"].items()]
    statistics = scores.get("text2cypher")
    if statistics and statistics["generated"]:
        lines.append(text2cypher_line(statistics))
    return lines


def text2cypher_line(statistics: dict) -> str:
    """How many of the LLM's generated queries were valid and safe (ran after the guard and EXPLAIN),
    and how many of those found clauses.

    >>> text2cypher_line({"generated": 4, "refused": 1, "invalid": 1, "executed": 2, "found": 1})
    '  text2cypher_valid     0.500 (2 of 4 generated queries passed the guard and EXPLAIN, 1 found clauses; 1 refused, 1 invalid)'
    """
    share = statistics["executed"] / statistics["generated"]
    return (f"  {'text2cypher_valid':<22}{share:.3f} ({statistics['executed']} of {statistics['generated']} "
            f"generated queries passed the guard and EXPLAIN, {statistics['found']} found clauses; "
            f"{statistics['refused']} refused, {statistics['invalid']} invalid)")

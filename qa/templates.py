"""Run the template of a question's intent: parameters in, clause rows and facts out.

Every query that runs is recorded (text and parameters) so the answer can show it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.schema import Label
from kg.store.base import GraphStore
from qa import queries
from qa.domain import name_variants
from qa.intents import Intent, Plan

LIMIT = 30
DOCUMENTS_CITED = 5           # documents whose best clause a "which documents mention X" answer cites
EQUIPMENT_CITED = 5           # equipment whose first clause beside the hazard a "which equipment" answer cites
_LABELS = {"equipment": Label.EQUIPMENT, "hazard": Label.HAZARD}
_NUMBER_WITH_UNIT = re.compile(r"\d+(?:\.\d+)?\s*(?:m²|m³|m|km|mm|h|min|s|L/s|MPa|kPa|Pa|℃|%|个|只|具|层|米|小时|分钟|秒|平方米|立方米|人)")


@dataclass
class TemplateResult:
    rows: list[dict] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    cypher: list[dict] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)   # linked name -> it and its IS_A children


class _Runner:
    def __init__(self, store: GraphStore, scope: list[str] | None) -> None:
        self.store, self.scope, self.result = store, scope, TemplateResult()

    def read(self, query: str, via: str = "", **parameters) -> list[dict]:
        """Run one template; ``via`` tags the rows with how they were reached (key, mentions, references)."""
        parameters = {"doc_ids": self.scope, "limit": LIMIT, **parameters}
        self.result.cypher.append({"query": query, "parameters": parameters})
        rows = self.store.read(query, parameters)
        return [{**row, "via": via} for row in rows] if via else rows


def run_template(store: GraphStore, plan: Plan, scope: list[str] | None) -> TemplateResult:
    runner = _Runner(store, scope)
    handler = _HANDLERS.get(plan.intent, _entity_clauses)
    handler(runner, plan)
    return runner.result


def _expanded_names(runner: _Runner, plan: Plan) -> dict[str, list[str]]:
    """The linked names, the other ways documents write them (消防车通道 for 消防车道) and their IS_A children
    (室内消火栓, 室外消火栓 under 消火栓)."""
    expanded = {}
    for kind, names in plan.names.items():
        if names:
            variants = {name: name_variants(name) for name in names}
            written = [variant for name in names for variant in variants[name]]
            children = runner.read(queries.narrower_names(_LABELS[kind]), names=written)
            expanded[kind] = list(dict.fromkeys(written + [row["name"] for row in children]))
            for name in names:
                runner.result.names[name] = [*variants[name], *(row["name"] for row in children
                                                                if row["parent"] in variants[name])]
    return expanded


def _entity_clauses(runner: _Runner, plan: Plan) -> None:
    for kind, names in _expanded_names(runner, plan).items():
        runner.result.rows += runner.read(queries.clauses_mentioning(_LABELS[kind]), "mentions", names=names)


def _clause_text(runner: _Runner, plan: Plan) -> None:
    """The clauses named by number, each in the document named before it (消防法第二十八条)."""
    for doc, key in plan.clause_refs or [(None, key) for key in plan.clause_keys]:
        if doc is not None and (runner.scope is None or doc in runner.scope):
            runner.result.rows += runner.read(queries.CLAUSE_BY_DOCUMENT_KEY, "key", key=key, doc_ids=[doc])
        else:
            runner.result.rows += runner.read(queries.CLAUSE_BY_KEY, "key", key=key)


def _references(runner: _Runner, plan: Plan) -> None:
    """The named clause, the clauses it cites (as evidence and as facts) and the clauses that cite it."""
    _clause_text(runner, plan)
    ids = [row["clause_id"] for row in runner.result.rows]
    cited = runner.read(queries.REFERENCES_FROM, ids=ids)
    citing = runner.read(queries.REFERENCES_TO, "references", ids=ids)
    for row in cited:
        target = row["number"] and f"《{row['doc_title']}》{row['number']}" or f"《{row['title']}》"
        runner.result.facts.append(f"该条引用了{target}。")
    for row in citing:
        runner.result.facts.append(f"《{row['doc_title']}》{row['number']}引用了该条。")
    targets = [row["target"] for row in cited if row["target_label"] == Label.CLAUSE]
    if targets:
        runner.result.rows += runner.read(queries.CLAUSES_BY_IDS, "references", ids=targets)
    runner.result.rows += citing


def _penalty(runner: _Runner, plan: Plan) -> None:
    if plan.clause_keys:
        _clause_text(runner, plan)
        ids = [row["clause_id"] for row in runner.result.rows]
        runner.result.rows = runner.read(queries.PENALTIES_REFERENCING, "references", ids=ids) + runner.result.rows
    for kind, names in _expanded_names(runner, plan).items():
        runner.result.rows += runner.read(queries.penalties_sharing_entities(_LABELS[kind]), "mentions", names=names)


def _mandatory(runner: _Runner, plan: Plan) -> None:
    for kind, names in _expanded_names(runner, plan).items():
        runner.result.rows += runner.read(queries.mandatory_mentioning(_LABELS[kind]), "mentions", names=names)


def _equipment_for_hazard(runner: _Runner, plan: Plan) -> None:
    """Equipment named in the clauses that name the hazard or a narrower one (液化石油气 under 可燃气体), and
    one clause naming both for each of the first :data:`EQUIPMENT_CITED`: the list is the answer."""
    hazards = _expanded_names(runner, plan).get("hazard", plan.names["hazard"])
    rows = runner.read(queries.equipment_for_hazard(), names=hazards)
    if rows:
        listed = "、".join(f"{row['equipment']}（{row['clauses']}条）" for row in rows[:8])
        runner.result.facts.append(f"与{'、'.join(plan.names['hazard'])}在同一条文中出现的设备设施：{listed}。")
        ids = [row["clause_ids"][0] for row in rows[:EQUIPMENT_CITED]]
        runner.result.rows += runner.read(queries.CLAUSES_BY_IDS, "listed", ids=list(dict.fromkeys(ids)))


def _documents(runner: _Runner, plan: Plan) -> None:
    """The documents that mention the names, most clauses first, and the mentioning clauses of the first
    :data:`DOCUMENTS_CITED` of them, read per document so that each can cite its best clause."""
    for kind, names in _expanded_names(runner, plan).items():
        rows = runner.read(queries.documents_mentioning(_LABELS[kind]), names=names)
        if rows:
            listed = "、".join(f"《{row['title']}》（{row['clauses']}条）" for row in rows)
            runner.result.facts.append(f"提到{'、'.join(plan.names[kind])}的文件：{listed}。")
            for row in rows[:DOCUMENTS_CITED]:
                runner.result.rows += runner.read(queries.clauses_mentioning(_LABELS[kind]), "mentions", names=names,
                                                  doc_ids=[row["doc_id"]])


def _numeric(runner: _Runner, plan: Plan) -> None:
    _entity_clauses(runner, plan)
    numeric = [row for row in runner.result.rows if _NUMBER_WITH_UNIT.search(row["text"])]
    runner.result.rows = numeric or runner.result.rows


def _count(runner: _Runner, plan: Plan) -> None:
    for kind, names in _expanded_names(runner, plan).items():
        row = runner.read(queries.count_mentioning(_LABELS[kind]), names=names)[0]
        runner.result.facts.append(f"已载入的文件中共有{row['clauses']}条条文提到{'、'.join(plan.names[kind])}，"
                                   f"分布在{row['documents']}份文件中。")


_HANDLERS = {
    Intent.CLAUSE_TEXT: _clause_text, Intent.REFERENCES: _references, Intent.PENALTY: _penalty,
    Intent.MANDATORY: _mandatory, Intent.EQUIPMENT_FOR_HAZARD: _equipment_for_hazard,
    Intent.DOCUMENTS: _documents, Intent.NUMERIC: _numeric, Intent.COUNT: _count,
    Intent.EQUIPMENT: _entity_clauses, Intent.HAZARD: _entity_clauses,
}

"""What an export holds: one row per clause relationship with its lineage, and the filter that chose them."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import astuple, dataclass, field, fields
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version

from kg.errors import ExportError
from kg.schema import ENTITY_LABELS, Label, Rel

logger = logging.getLogger(__name__)

# The relationships an export covers and the node labels each one ends at.
EXPORT_TARGETS: dict[Rel, tuple[Label, ...]] = {
    Rel.MENTIONS: tuple(ENTITY_LABELS.values()),
    Rel.REFERENCES: (Label.CLAUSE, Label.DOCUMENT),
}
# REFERENCES edges are found by the rules in kg.corpus.references; rows name them so.
REFERENCE_EXTRACTOR = "reference-rules"


@lru_cache(maxsize=1)
def firekg_version() -> str:
    """The installed FireKG version, or ``"unknown"`` when running from an uninstalled checkout."""
    try:
        return version("firekg")
    except PackageNotFoundError:
        logger.warning("firekg is not installed (pip install -e .); exports say version 'unknown'")
        return "unknown"


@dataclass(frozen=True)
class ExportRow:
    """One REFERENCES or MENTIONS edge, where it comes from and who found it. Field order is column order."""

    relation: str
    source_doc_id: str
    source_doc_title: str | None
    source_doc_sha256: str | None
    source_path: str | None
    clause_id: str
    clause_number: str | None
    target_label: str
    target_id: str
    target_name: str | None
    target_doc_id: str | None
    evidence: str | None
    start: int | None
    end: int | None
    extractor: str | None
    model_version: str | None
    score: float | None
    ingested_at: str | None

    def values(self) -> tuple:
        return astuple(self)


COLUMNS: tuple[str, ...] = tuple(spec.name for spec in fields(ExportRow))


def _values(raw: str | Iterable[str] | None, split: bool) -> list[str]:
    """Raw parameter values as a clean list: one string, repeated strings, or comma-separated when ``split``.

    >>> _values("MENTIONS, references", split=True)
    ['MENTIONS', 'references']
    >>> _values(["GB 50016-2014", " "], split=False), _values(None, split=True)
    (['GB 50016-2014'], [])
    """
    items = [raw] if isinstance(raw, str) else list(raw or [])
    parts = [part for item in items for part in (item.split(",") if split else [item])]
    return [part.strip() for part in parts if part and part.strip()]


def _choose(parameter: str, raw: str | Iterable[str] | None, allowed: Iterable[str]) -> tuple[str, ...]:
    """The allowed values named by ``raw``, matched case-insensitively, in the order of ``allowed``.

    >>> _choose("rel", "mentions", ["MENTIONS", "REFERENCES"])
    ('MENTIONS',)
    """
    allowed = list(allowed)
    by_folded = {value.casefold(): value for value in allowed}
    chosen = set()
    for value in _values(raw, split=True):
        if value.casefold() not in by_folded:
            raise ExportError(parameter, f"unknown value {value!r}; use one of {', '.join(allowed)} "
                                         f"(case-insensitive, comma-separated or repeated).")
        chosen.add(by_folded[value.casefold()])
    return tuple(value for value in allowed if value in chosen)


@dataclass(frozen=True)
class ExportFilter:
    """Which edges to export. An empty tuple means no restriction on that field."""

    docs: tuple[str, ...] = ()
    relations: tuple[Rel, ...] = ()
    labels: tuple[Label, ...] = ()

    @classmethod
    def from_params(cls, doc: str | Iterable[str] | None = None, rel: str | Iterable[str] | None = None,
                    label: str | Iterable[str] | None = None) -> "ExportFilter":
        """Validate raw strings from a CLI flag or a query parameter; raises ExportError naming the parameter.

        Document ids are taken whole (repeat the parameter for several); ``rel`` and ``label`` may also be
        comma-separated. Whether the documents exist is checked against the store when the rows are read.

        >>> ExportFilter.from_params(doc=["b", "a", "b"], rel="mentions", label="equipment,HAZARD").to_dict()
        {'doc': ['a', 'b'], 'rel': ['MENTIONS'], 'label': ['Equipment', 'Hazard']}
        """
        relations = _choose("rel", rel, [relation.value for relation in EXPORT_TARGETS])
        labels = _choose("label", label, [target.value for targets in EXPORT_TARGETS.values() for target in targets])
        selected = cls((), tuple(Rel(value) for value in relations), tuple(Label(value) for value in labels))
        if not selected.targets():
            raise ExportError("label", f"no {' or '.join(relations)} edge ends at a {' or '.join(labels)} node; "
                                       f"{_describe_targets()}.")
        return cls(tuple(sorted(set(_values(doc, split=False)))), selected.relations, selected.labels)

    def targets(self) -> list[tuple[Rel, Label]]:
        """The (relationship, target label) pairs this filter lets through, in export order."""
        return [(rel, target) for rel, targets in sorted(EXPORT_TARGETS.items())
                for target in targets
                if (not self.relations or rel in self.relations) and (not self.labels or target in self.labels)]

    def to_dict(self) -> dict:
        """JSON-ready; ``None`` means "not filtered"."""
        return {"doc": list(self.docs) or None, "rel": [rel.value for rel in self.relations] or None,
                "label": [target.value for target in self.labels] or None}


def _describe_targets() -> str:
    return "; ".join(f"{rel} ends at {' or '.join(targets)}" for rel, targets in sorted(EXPORT_TARGETS.items()))


@dataclass
class ExportTable:
    """The rows of one export in their stable order, with the filter and the store they came from."""

    columns: tuple[str, ...]
    rows: list[ExportRow]
    filters: ExportFilter
    store: str
    version: str = field(default_factory=firekg_version)

    def records(self) -> list[dict]:
        """Rows as dicts keyed by column name."""
        return [dict(zip(self.columns, row.values())) for row in self.rows]

    def counts(self) -> dict:
        """Rows in total, per relationship and per target label (zero for each one the filter selected)."""
        targets = self.filters.targets()
        by_relation = {rel.value: 0 for rel, _ in targets}
        by_label = {target.value: 0 for _, target in sorted(targets, key=lambda pair: pair[1])}
        for row in self.rows:
            by_relation[row.relation] = by_relation.get(row.relation, 0) + 1
            by_label[row.target_label] = by_label.get(row.target_label, 0) + 1
        return {"total": len(self.rows), "by_relation": by_relation, "by_target_label": by_label}

    def summary(self) -> dict:
        """What the rows are, for the JSON document, the manifest and the xlsx manifest sheet."""
        return {"firekg_version": self.version, "store": self.store, "filters": self.filters.to_dict(),
                "columns": list(self.columns), "counts": self.counts()}

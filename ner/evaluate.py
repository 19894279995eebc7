"""Strict entity-level evaluation (exact start, end and label), per label and micro-averaged.

Also the recall on *unseen* names: gold EQUIPMENT and HAZARD spans whose text the
gazetteer does not list, which measures what a dictionary cannot do.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from ner.data import Unit
from ner.labels import LABELS

Span = tuple[int, int, str]


def score_spans(gold: Iterable[set[Span]], predicted: Iterable[set[Span]]) -> dict:
    """Per-label and micro precision, recall and F1 from gold and predicted span sets.

    >>> metrics = score_spans([{(0, 2, "HAZARD"), (3, 5, "CLAUSE")}], [{(0, 2, "HAZARD"), (3, 4, "CLAUSE")}])
    >>> metrics["HAZARD"]["f1"], metrics["CLAUSE"]["f1"], metrics["micro"]["f1"]
    (1.0, 0.0, 0.5)
    """
    counts = Counter()
    for gold_spans, predicted_spans in zip(gold, predicted):
        for span in gold_spans & predicted_spans:
            counts["tp", span[2]] += 1
        for span in predicted_spans - gold_spans:
            counts["fp", span[2]] += 1
        for span in gold_spans - predicted_spans:
            counts["fn", span[2]] += 1
    metrics = {label: _prf(counts["tp", label], counts["fp", label], counts["fn", label]) for label in LABELS}
    totals = [sum(counts[kind, label] for label in LABELS) for kind in ("tp", "fp", "fn")]
    metrics["micro"] = _prf(*totals)
    return metrics


def _prf(tp: int, fp: int, fn: int) -> dict:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "support": tp + fn}


def gold_spans(unit: Unit) -> set[Span]:
    return {(e["start"], e["end"], e["label"]) for e in unit.entities}


def evaluate_extractor(extract: Callable[[list[str]], list[list]], units: Sequence[Unit],
                       known_name: Callable[[str, str], bool] | None = None) -> dict:
    """Score an extractor's ``extract`` on units; with ``known_name`` also the unseen-name recall."""
    predictions = extract([unit.text for unit in units])
    predicted = [{(m.start, m.end, m.label) for m in found} for found in predictions]
    metrics = score_spans([gold_spans(unit) for unit in units], predicted)
    if known_name is not None:
        metrics["unseen"] = unseen_recall(units, predicted, known_name)
    return metrics


def unseen_recall(units: Sequence[Unit], predicted: Sequence[set[Span]], known_name: Callable[[str, str], bool]) -> dict:
    """Recall on gold EQUIPMENT/HAZARD spans whose name the dictionary does not know."""
    found = total = 0
    for unit, spans in zip(units, predicted):
        for start, end, label in gold_spans(unit):
            if label != "CLAUSE" and not known_name(unit.text[start:end], label):
                total += 1
                found += (start, end, label) in spans
    units_with_unseen = sum(1 for unit in units if any(
        e["label"] != "CLAUSE" and not known_name(unit.text[e["start"]:e["end"]], e["label"]) for e in unit.entities))
    return {"recall": round(found / total, 4) if total else 0.0, "support": total, "units": units_with_unseen}


def format_table(results: dict[str, dict]) -> str:
    """Per-label P/R/F1 side by side for several extractors (the ``firekg ner eval`` table)."""
    names = list(results)
    header = f"{'label':<10}" + "".join(f"{name:>27}" for name in names)
    lines = [header, f"{'':<10}" + "".join(f"{'P':>9}{'R':>9}{'F1':>9}" for _ in names)]
    for label in [*LABELS, "micro"]:
        row = f"{label:<10}"
        for name in names:
            metric = results[name][label]
            row += f"{metric['precision']:>9.3f}{metric['recall']:>9.3f}{metric['f1']:>9.3f}"
        lines.append(row)
    unseen = [results[name].get("unseen") for name in names]
    if all(unseen):
        lines.append(f"{'unseen R':<10}" + "".join(f"{'':>18}{u['recall']:>9.3f}" for u in unseen)
                     + f"   ({unseen[0]['support']} names in {unseen[0]['units']} units)")
    return "\n".join(lines)

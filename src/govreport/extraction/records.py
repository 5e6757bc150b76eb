"""The record an analyst gets: one row per indicator figure, as JSON-ready dataclasses.

Field names follow issue 5 exactly; ``to_dict()`` is what the CLI writes, so
the JSONL and CSV outputs and ``Doc._.indicators`` never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .changes import Change
from .qualifiers import Qualifier
from .values import Quantity


@dataclass
class SpanRef:
    text: str
    start_char: int
    end_char: int

    def to_dict(self) -> Dict[str, Any]:
        return {"text": self.text, "start_char": self.start_char, "end_char": self.end_char}


@dataclass
class ValueField:
    span: SpanRef
    quantity: Quantity

    def to_dict(self) -> Dict[str, Any]:
        q = self.quantity
        return {
            **self.span.to_dict(),
            "number": q.number,
            "unit": q.unit,
            "multiplier": q.multiplier,
            "normalized": q.normalized,
            "approx": q.approx,
            "bound": q.bound,
            "ratio": q.ratio,
        }


@dataclass
class ChangeField:
    span: SpanRef
    change: Change

    def to_dict(self) -> Dict[str, Any]:
        c = self.change
        return {
            **self.span.to_dict(),
            "percent": c.percent,
            "direction": c.direction,
            "kind": c.kind,
            "approx": c.approx,
            "bound": c.bound,
        }


@dataclass
class IndicatorRecord:
    indicator: SpanRef
    value: Optional[ValueField]
    change: Optional[ChangeField]
    qualifier: List[Qualifier] = field(default_factory=list)
    place: Dict[str, Optional[str]] = field(default_factory=dict)  # {name, source}
    period: Dict[str, Any] = field(default_factory=dict)  # {year, source}
    status: str = "actual"  # actual | expected | target
    sentence: int = 0
    confidence: Optional[float] = None

    def to_dict(self) -> Dict[str, Any]:
        return {
            "indicator": self.indicator.to_dict(),
            "value": self.value.to_dict() if self.value else None,
            "change": self.change.to_dict() if self.change else None,
            "qualifier": [q.to_dict() for q in self.qualifier],
            "place": dict(self.place),
            "period": dict(self.period),
            "status": self.status,
            "sentence": self.sentence,
            "confidence": self.confidence,
        }


# Flat column names for CSV output (one row per record).
CSV_COLUMNS = (
    "doc_id", "sentence", "indicator", "value_text", "number", "unit", "multiplier", "normalized",
    "value_approx", "value_bound", "change_text", "percent", "direction", "kind", "change_approx",
    "change_bound", "qualifier", "place", "place_source", "year", "year_source", "status",
    "confidence", "indicator_start", "indicator_end",
)


def flatten(record: Dict[str, Any], doc_id: str = "") -> Dict[str, Any]:
    """A record dict as one flat CSV row."""
    v = record.get("value") or {}
    c = record.get("change") or {}
    return {
        "doc_id": doc_id,
        "sentence": record["sentence"],
        "indicator": record["indicator"]["text"],
        "value_text": v.get("text"),
        "number": v.get("number"),
        "unit": v.get("unit"),
        "multiplier": v.get("multiplier"),
        "normalized": v.get("normalized"),
        "value_approx": v.get("approx"),
        "value_bound": v.get("bound"),
        "change_text": c.get("text"),
        "percent": c.get("percent"),
        "direction": c.get("direction"),
        "kind": c.get("kind"),
        "change_approx": c.get("approx"),
        "change_bound": c.get("bound"),
        "qualifier": ";".join(q["text"] for q in record["qualifier"]),
        "place": record["place"].get("name"),
        "place_source": record["place"].get("source"),
        "year": record["period"].get("year"),
        "year_source": record["period"].get("source"),
        "status": record["status"],
        "confidence": record["confidence"],
        "indicator_start": record["indicator"]["start_char"],
        "indicator_end": record["indicator"]["end_char"],
    }

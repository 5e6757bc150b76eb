"""The record an analyst gets: one row per indicator figure.

``extract_records`` builds typed dataclasses; ``to_dict()`` turns one into the
plain, JSON- and msgpack-ready dict that ``Doc._.indicators`` holds and the CLI
writes (JSONL as is, CSV through ``flatten``), so the outputs never disagree and
annotated Docs survive ``DocBin(store_user_data=True)`` and ``nlp.pipe(n_process=2)``.
``IndicatorRecord.from_dict`` gives the typed view of such a dict back.

Field names follow issue 5 exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from .changes import Change
from .qualifiers import Qualifier
from .rows import COLUMNS, flatten_record
from .values import Number, Quantity

# msgpack (spaCy's user-data format) holds integers in [-2**63, 2**64) only.
_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1


def portable(number: Optional[Number]) -> Optional[Number]:
    """A number msgpack and JSON can both hold: an int beyond 64 bits becomes a float,
    or None past the float range (only absurd inputs such as a 400-digit 元 figure)."""
    if isinstance(number, int) and not isinstance(number, bool) and not _INT_MIN <= number <= _INT_MAX:
        try:
            return float(number)
        except OverflowError:
            return None
    return number


@dataclass
class SpanRef:
    text: str
    start_char: int
    end_char: int

    def to_dict(self) -> Dict[str, Any]:
        return {"text": self.text, "start_char": self.start_char, "end_char": self.end_char}

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "SpanRef":
        return cls(data["text"], data["start_char"], data["end_char"])


@dataclass
class ValueField:
    span: SpanRef
    quantity: Quantity

    def to_dict(self) -> Dict[str, Any]:
        q = self.quantity
        return {
            **self.span.to_dict(),
            "number": portable(q.number),
            "unit": q.unit,
            "multiplier": portable(q.multiplier),
            "normalized": portable(q.normalized),
            "approx": q.approx,
            "bound": q.bound,
            "ratio": [portable(n) for n in q.ratio] if q.ratio is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "ValueField":
        ratio = data.get("ratio")
        quantity = Quantity(data["text"], data["number"], data["unit"], data["multiplier"], data["normalized"],
                            data["approx"], data["bound"], list(ratio) if ratio is not None else None)
        return cls(SpanRef.from_dict(data), quantity)


@dataclass
class ChangeField:
    span: SpanRef
    change: Change

    def to_dict(self) -> Dict[str, Any]:
        c = self.change
        return {
            **self.span.to_dict(),
            "percent": portable(c.percent),
            "direction": c.direction,
            "kind": c.kind,
            "approx": c.approx,
            "bound": c.bound,
        }

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "ChangeField":
        change = Change(data["text"], data["percent"], data["direction"], data["kind"], data["approx"], data["bound"])
        return cls(SpanRef.from_dict(data), change)


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
    clause: str = ""  # the clause holding the indicator: tells repeated bare heads apart (新开工项目 / 竣工项目)

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
            "clause": self.clause,
        }

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "IndicatorRecord":
        """The typed view of a ``to_dict()`` dict (e.g. one item of ``Doc._.indicators``)."""
        return cls(
            indicator=SpanRef.from_dict(data["indicator"]),
            value=ValueField.from_dict(data["value"]) if data.get("value") else None,
            change=ChangeField.from_dict(data["change"]) if data.get("change") else None,
            qualifier=[Qualifier(**q) for q in data.get("qualifier", [])],
            place=dict(data.get("place") or {}),
            period=dict(data.get("period") or {}),
            status=data.get("status", "actual"),
            sentence=data.get("sentence", 0),
            confidence=data.get("confidence"),
            clause=data.get("clause", ""),
        )


# The flat output schema lives in govreport.extraction.rows (one schema for JSONL, CSV and Parquet).
CSV_COLUMNS = COLUMNS


def flatten(record: Dict[str, Any], doc_id: str = "") -> Dict[str, Any]:
    """A record dict as one flat, typed row of the output schema (``rows.ROW_SCHEMA``)."""
    return flatten_record(record, doc_id)

"""The one output schema of ``extract``: one flat row per indicator record, the same in JSONL, CSV and Parquet.

``ROW_SCHEMA`` lists every column with its type and meaning (docs/scale.md
prints the same table). ``report_rows`` turns a report's records
(``Doc._.indicators``) into rows with the report's id, source, content hash
and the sentence each record sits in, every value already of its column's
type, so the three writers write the same values:

- JSONL: one JSON object per line, keys in schema order, null for missing;
- CSV: a header, then the values; empty cell = null, booleans ``true``/``false``,
  floats in Python's shortest round-trip form;
- Parquet: the Arrow types below (``PARQUET_SCHEMA``).

``read_rows`` reads any of the three (or a folder of Parquet parts) back into
the same typed dicts: the tests check that the three outputs hold the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

# (column, type, meaning); types: string, int64, float64, bool
ROW_SCHEMA: Tuple[Tuple[str, str, str], ...] = (
    ("doc_id", "string", "report id: the manifest's id for the file name, else --doc-id, else the file name without suffix"),
    ("source", "string", "the input file, as found (path given or found in a folder)"),
    ("content_hash", "string", "SHA-256 of the file's bytes: the key that resume skips done reports by"),
    ("sentence", "int64", "index of the record's sentence in the cleaned report (cleaning.split_sentences with the extractor's max_sentence_chars)"),
    ("sentence_start", "int64", "the sentence's start offset in the cleaned report text"),
    ("sentence_end", "int64", "the sentence's end offset (exclusive)"),
    ("sentence_cut", "string", "null for a whole sentence; 'clause' or 'length' when the sentence is a piece of an overlong one, cut after a clause mark or at max_sentence_chars"),
    ("sentence_text", "string", "the sentence, cleaned and simplified (what the offsets index)"),
    ("sentence_original", "string", "the sentence in the report's own script, for traditional-script reports (else null)"),
    ("indicator", "string", "INDICATOR span text"),
    ("indicator_start", "int64", "offset of the indicator in the cleaned report text"),
    ("indicator_end", "int64", "end offset (exclusive)"),
    ("value_text", "string", "VALUE span text, e.g. 113.6亿元 (null: the record has only a change)"),
    ("value_start", "int64", "offset of the value in the cleaned report text"),
    ("value_end", "int64", "end offset (exclusive)"),
    ("number", "float64", "the number as written (113.6)"),
    ("unit", "string", "unit after the multiplier (元, 个, 万人 → 人, ratio for 12.6:41.2:46.2)"),
    ("multiplier", "float64", "10^k of 万/亿/千 (100000000 for 亿)"),
    ("normalized", "float64", "number × multiplier (11360000000)"),
    ("value_approx", "bool", "约/近/余/多/左右 on the value"),
    ("value_bound", "string", "min | max (以上/超过 …, 以内/不超过 …) or null"),
    ("ratio", "string", "the parts of a ratio value, colon-separated (12.6:41.2:46.2), else null"),
    ("upper", "float64", "the upper end of a range value, in the terms of number (1到2家 → number 1, upper 2), else null"),
    ("change_text", "string", "PERCENT span text, e.g. 5% (null: no change)"),
    ("change_start", "int64", "offset of the change in the cleaned report text"),
    ("change_end", "int64", "end offset (exclusive)"),
    ("percent", "float64", "the percentage as written, sign kept (增长-3% → -3); the multiple for kind multiple"),
    ("direction", "int64", "+1 growth, -1 decline, 0 flat or unknown"),
    ("kind", "string", "growth | share | points | multiple"),
    ("change_approx", "bool", "约/近/左右 on the change"),
    ("change_bound", "string", "min | max or null"),
    ("qualifier", "string", "qualifier words, ';'-separated (约;以上), else null"),
    ("place", "string", "the record's place"),
    ("place_source", "string", "sentence | manifest | user | title"),
    ("year", "int64", "the year the figure is for"),
    ("year_source", "string", "sentence | heading | default"),
    ("status", "string", "actual | expected | target"),
    ("confidence", "float64", "calibrated probability that the record is right: the weaker of its relations (govreport.confidence); null when the pipeline has no calibration"),
    ("clause", "string", "the clause that holds the indicator, which tells repeated bare heads apart (新开工项目 / 竣工项目)"),
)
COLUMNS: Tuple[str, ...] = tuple(name for name, _, _ in ROW_SCHEMA)
TYPES: Dict[str, str] = {name: kind for name, kind, _ in ROW_SCHEMA}
FORMATS = {".jsonl": "jsonl", ".csv": "csv", ".parquet": "parquet"}

Row = Dict[str, Any]


def _cast(kind: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if kind == "string":
        return str(value)
    if kind == "int64":
        return int(value)
    if kind == "float64":
        return float(value)
    if kind == "bool":
        return bool(value)
    raise ValueError(f"unknown column type {kind}")


def typed(row: Dict[str, Any]) -> Row:
    """``row`` with exactly the schema's columns, in order, each value of its column's type (missing → null)."""
    return {name: _cast(TYPES[name], row.get(name)) for name in COLUMNS}


def record_row(record: Dict[str, Any]) -> Dict[str, Any]:
    """The record's own columns (the document and sentence columns come from ``report_rows``)."""
    v = record.get("value") or {}
    c = record.get("change") or {}
    ratio = v.get("ratio")
    return {
        "sentence": record["sentence"],
        "indicator": record["indicator"]["text"],
        "indicator_start": record["indicator"]["start_char"],
        "indicator_end": record["indicator"]["end_char"],
        "value_text": v.get("text"),
        "value_start": v.get("start_char"),
        "value_end": v.get("end_char"),
        "number": v.get("number"),
        "unit": v.get("unit"),
        "multiplier": v.get("multiplier"),
        "normalized": v.get("normalized"),
        "value_approx": v.get("approx"),
        "value_bound": v.get("bound"),
        "ratio": ":".join(_number_text(n) for n in ratio) if ratio else None,
        "upper": v.get("upper"),
        "change_text": c.get("text"),
        "change_start": c.get("start_char"),
        "change_end": c.get("end_char"),
        "percent": c.get("percent"),
        "direction": c.get("direction"),
        "kind": c.get("kind"),
        "change_approx": c.get("approx"),
        "change_bound": c.get("bound"),
        "qualifier": ";".join(q["text"] for q in record.get("qualifier") or []) or None,
        "place": (record.get("place") or {}).get("name"),
        "place_source": (record.get("place") or {}).get("source"),
        "year": (record.get("period") or {}).get("year"),
        "year_source": (record.get("period") or {}).get("source"),
        "status": record.get("status"),
        "confidence": record.get("confidence"),
        "clause": record.get("clause") or None,
    }


def _number_text(n: Any) -> str:
    return "" if n is None else (str(int(n)) if isinstance(n, float) and n.is_integer() else str(n))


def report_rows(records: Sequence[Dict[str, Any]], doc_id: str, source: str = "", content_hash: str = "",
                sentences: Optional[Sequence[Tuple[int, int, Optional[str]]]] = None, text: str = "",
                text_original: Optional[str] = None) -> List[Row]:
    """Typed rows of one report's records.

    ``sentences`` are the cleaned report's ``(start, end, cut)`` in the
    extractor's sentence order (``cleaning.sentences.cut_sentences``), ``text``
    its cleaned text and ``text_original`` the same text in the report's own
    script when that differs with the same offsets (traditional reports).
    """
    rows = []
    for record in records:
        row = record_row(record)
        row.update(doc_id=doc_id, source=source, content_hash=content_hash)
        index = record["sentence"]
        if sentences is not None and 0 <= index < len(sentences):
            start, end, cut = sentences[index]
            row.update(sentence_start=start, sentence_end=end, sentence_cut=cut, sentence_text=text[start:end] or None)
            if text_original is not None and text_original != text:
                row["sentence_original"] = text_original[start:end]
        rows.append(typed(row))
    return rows


def flatten_record(record: Dict[str, Any], doc_id: str = "") -> Row:
    """One record (``Doc._.indicators`` item) as a typed row, without report columns other than ``doc_id``."""
    return typed({**record_row(record), "doc_id": doc_id})


# writers -------------------------------------------------------------------------------------------

def output_format(path: Path) -> str:
    """"jsonl", "csv" or "parquet" by the suffix; "dataset" for a folder (partitioned Parquet)."""
    path = Path(path)
    if path.is_dir() or path.suffix == "":
        return "dataset"
    if path.suffix in FORMATS:
        return FORMATS[path.suffix]
    raise ValueError(path.suffix)


def _csv_value(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind == "float64":
        return repr(float(value))
    return str(value)


def jsonl_lines(rows: Iterable[Row]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


def csv_text(rows: Iterable[Row], header: bool = True) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_csv_value(TYPES[name], row[name]) for name in COLUMNS])
    return buf.getvalue()


def arrow_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    return pa.schema([pa.field(name, types[kind]) for name, kind, _ in ROW_SCHEMA])


def arrow_table(rows: Sequence[Row]):
    import pyarrow as pa

    schema = arrow_schema()
    return pa.Table.from_pylist(list(rows), schema=schema) if rows else schema.empty_table()


def write_parquet_atomic(path: Path, rows: Sequence[Row]) -> None:
    """One Parquet file of ``rows`` (schema ``arrow_schema()``), written to a temporary name and renamed."""
    import pyarrow.parquet as pq

    _atomic(Path(path), lambda tmp: pq.write_table(arrow_table(rows), tmp, compression="zstd"))


def _atomic(path: Path, write: Callable[[str], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        write(str(tmp))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp.exists():
            tmp.unlink()
        raise


# readers -------------------------------------------------------------------------------------------

def read_rows(path: Path) -> List[Row]:
    """The typed rows of an ``extract`` output: a .jsonl, .csv or .parquet file, or a folder of Parquet parts."""
    path = Path(path)
    fmt = "dataset" if path.is_dir() else output_format(path)
    if fmt == "jsonl":
        with path.open(encoding="utf-8") as f:
            return [typed(json.loads(line)) for line in f if line.strip()]
    if fmt == "csv":
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            return [typed({k: _csv_cell(TYPES[k], v) for k, v in row.items()}) for row in reader]
    import pyarrow.parquet as pq

    if fmt == "parquet":
        return [typed(r) for r in pq.read_table(path, schema=arrow_schema()).to_pylist()]
    rows: List[Row] = []
    for part in sorted(path.glob("*.parquet")):
        rows.extend(typed(r) for r in pq.read_table(part, schema=arrow_schema()).to_pylist())
    return rows


def _csv_cell(kind: str, value: str) -> Any:
    if value == "":
        return None
    if kind == "bool":
        return value == "true"
    return value

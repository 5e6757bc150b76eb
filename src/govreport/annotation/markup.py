"""Inline markup for hand annotation, converted to doccano JSONL with offsets.

Annotators write a sentence with its spans bracketed, which is easy to read
and review line by line, and let the computer count characters:

    000-0002<TAB>预计全年⟦地区生产总值|I⟧完成⟦XX亿元|V⟧、同比增长⟦3%|P⟧<TAB>2>1 3>1

Labels: I = INDICATOR, V = VALUE, P = PERCENT, L = PLACE. Relations are
``from>to`` with entities numbered 1, 2, … in order of appearance; the type
follows from the labels (VALUE→value_of, PERCENT→change_of). Removing the
markup must give back the sentence text exactly, which is checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

from ..errors import GovreportError, ReportInputError
from .schema import sentence_number

SHORT = {"I": "INDICATOR", "V": "VALUE", "P": "PERCENT", "L": "PLACE"}
LONG = {v: k for k, v in SHORT.items()}
SPAN = re.compile(r"⟦([^⟦⟧|]+)\|([IVPL])⟧")
RELATION = re.compile(r"^(\d+)>(\d+)$")


def parse_markup(marked: str) -> Tuple[str, List[dict]]:
    """Return (plain text, entities with offsets) of one marked sentence."""
    entities: List[dict] = []
    plain: List[str] = []
    pos = 0
    last = 0
    for m in SPAN.finditer(marked):
        plain.append(marked[last : m.start()])
        pos += m.start() - last
        text = m.group(1)
        entities.append({"id": len(entities) + 1, "start_offset": pos, "end_offset": pos + len(text), "label": SHORT[m.group(2)]})
        plain.append(text)
        pos += len(text)
        last = m.end()
    plain.append(marked[last:])
    text = "".join(plain)
    if "⟦" in text or "⟧" in text:
        raise ValueError("unbalanced or malformed ⟦…|L⟧ markup")
    return text, entities


def parse_relations(field: str, entities: List[dict]) -> List[dict]:
    relations = []
    for token in field.split():
        m = RELATION.match(token)
        if not m:
            raise ValueError(f"relation {token!r} is not of the form from>to")
        a, b = int(m.group(1)), int(m.group(2))
        if not (1 <= a <= len(entities) and 1 <= b <= len(entities)):
            raise ValueError(f"relation {token!r} names an entity that does not exist")
        kind = "value_of" if entities[a - 1]["label"] == "VALUE" else "change_of"
        relations.append({"id": len(relations) + 1, "from_id": a, "to_id": b, "type": kind})
    return relations


def to_markup(text: str, entities: List[dict], relations: List[dict]) -> str:
    """Inverse of parse: a gold line back to markup (for review and second passes)."""
    order = sorted(entities, key=lambda e: e["start_offset"])
    number = {e["id"]: i + 1 for i, e in enumerate(order)}
    out, last = [], 0
    for e in order:
        out.append(text[last : e["start_offset"]])
        out.append(f"⟦{text[e['start_offset']:e['end_offset']]}|{LONG[e['label']]}⟧")
        last = e["end_offset"]
    out.append(text[last:])
    rels = " ".join(f"{number[r['from_id']]}>{number[r['to_id']]}" for r in relations)
    return "".join(out) + ("\t" + rels if rels else "")


def read_markup_file(path: Path, sentences: Dict[str, dict], annotator: str, review_state: str = "reviewed") -> List[dict]:
    """Convert a markup file to gold JSONL rows; errors name file and line."""
    rows = []
    path = Path(path)
    for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) not in (2, 3):
            raise ReportInputError(path, "expected sentence_id<TAB>marked text[<TAB>relations]", line=lineno)
        sid, marked = parts[0].strip(), parts[1]
        if sid not in sentences:
            raise ReportInputError(path, f"unknown sentence id {sid!r}", line=lineno)
        try:
            text, entities = parse_markup(marked)
            relations = parse_relations(parts[2] if len(parts) == 3 else "", entities)
        except ValueError as err:
            raise ReportInputError(path, f"{sid}: {err}", line=lineno) from None
        if text != sentences[sid]["text"]:
            raise ReportInputError(path, f"{sid}: text differs from the sentence once markup is removed", line=lineno)
        rows.append(
            {
                "id": sentence_number(sid),
                "text": text,
                "doc": sentences[sid]["doc"],
                "entities": entities,
                "relations": relations,
                "meta": {"sentence_id": sid, "review_state": review_state, "annotator": annotator},
            }
        )
    return rows


def template_lines(sentences_path: Path, doc: str, start: int = 0, end: int = 10**6) -> List[str]:
    """Unmarked markup lines (sentence_id<TAB>text) of one document's sentences start..end-1.

    An annotator starts from these and brackets the spans; the ids tie every
    line back to the sentence file, which read_markup_file checks.
    """
    from ..io import read_jsonl

    return [f"{row['id']}\t{row['text']}" for row in read_jsonl(sentences_path)
            if row["doc"] == doc and start <= row["index"] < end]


def read_document_markup(markup_dir: Path, doc: str, sentences: Dict[str, dict], annotator: str) -> List[dict]:
    """Gold rows of every markup file of one document (<doc>*.txt), sorted; a sentence annotated twice is an error."""
    rows = [row for path in sorted(Path(markup_dir).glob(f"{doc}*.txt")) for row in read_markup_file(path, sentences, annotator)]
    rows.sort(key=lambda r: r["id"])
    ids = [r["meta"]["sentence_id"] for r in rows]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise GovreportError(f"{markup_dir}: sentences of {doc} annotated twice: {dupes[:10]}")
    return rows


def lines_at_risk(target: Path, new_ids: set) -> List[str]:
    """Sentence ids of a gold file that a markup conversion would lose.

    The gold file is the source of truth once doccano pulls merge into it:
    never drop a line that the markup does not have, or one pulled from doccano.
    """
    from ..io import read_jsonl

    return [r["meta"]["sentence_id"] for r in read_jsonl(target)
            if r["meta"]["sentence_id"] not in new_ids or str(r["meta"].get("annotator", "")).startswith("doccano:")]


@dataclass
class MarkupConversion:
    target: Path
    rows: int
    not_annotated: List[str]


def markup_to_gold(doc: str, annotator: str, markup_dir: Path, sentences_path: Path, out_dir: Path,
                   require_complete: bool = False, force: bool = False) -> MarkupConversion:
    """Convert a document's markup files to <out_dir>/<doc>.jsonl, validated, written atomically.

    Nothing is written when a line is invalid, when the document is incomplete
    and ``require_complete`` is set, or when the gold file holds lines the
    markup would drop (unless ``force``).
    """
    from ..io import atomic_write_jsonl
    from .validate import load_sentences, validate_row

    sents = load_sentences(sentences_path)
    rows = read_document_markup(markup_dir, doc, sents, annotator)
    problems = [f"{r['meta']['sentence_id']}: {p}" for r in rows for p in validate_row(r, sents)]
    if problems:
        raise GovreportError(f"{len(problems)} invalid markup lines of {doc}:\n" + "\n".join(problems))
    ids = {r["meta"]["sentence_id"] for r in rows}
    missing = [s for s, row in sents.items() if row["doc"] == doc and s not in ids]
    if missing and require_complete:
        raise GovreportError(f"{len(missing)} sentences of {doc} not annotated, e.g. {missing[:5]}")
    target = Path(out_dir) / f"{doc}.jsonl"
    if target.exists() and not force:
        at_risk = lines_at_risk(target, ids)
        if at_risk:
            raise GovreportError(f"{target} has {len(at_risk)} lines the markup would drop or that came from doccano "
                                 f"(e.g. {at_risk[:5]}); convert them to markup first or pass --force")
    atomic_write_jsonl(target, rows)
    return MarkupConversion(target, len(rows), missing)


def suggestion_lines(sentences_path: Path, doc: str, suggest) -> List[str]:
    """Markup lines (id, marked text, relations) of every sentence of ``doc`` with ``suggest(text)``'s entities and relations."""
    from ..io import read_jsonl

    lines = []
    rows = [row for row in read_jsonl(sentences_path) if row["doc"] == doc]
    if not rows:
        raise GovreportError(f"{sentences_path}: no sentences of document {doc!r} (run `spacy project run clean`?)")
    for row in rows:
        suggestion = suggest(row["text"])
        lines.append(f"{row['id']}\t{to_markup(row['text'], suggestion['entities'], suggestion['relations'])}")
    return lines

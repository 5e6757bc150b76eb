"""Raw report files → indicator records (JSONL/CSV) or an HTML page: what ``extract`` and ``render`` run.

Raw files may be in either script and as messy as scraped: they go through
the project's cleaning (govreport.cleaning.clean_report) before the pipeline,
exactly like the training corpus, so the model sees the text it was trained on.
User errors (unreadable file, missing model, wrong output suffix) are one line
naming the file, never a traceback. The commands themselves (option parsing,
printing) are in govreport.cli.extraction.
"""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from tqdm import tqdm

from ..cleaning import clean_report
from ..corpus.manifest import ReportInfo, load_manifest
from ..errors import GovreportError, ReportInputError
from ..io import atomic_write_jsonl, atomic_write_text, read_report_text
from .records import CSV_COLUMNS, flatten

OUTPUT_SUFFIXES = (".jsonl", ".csv")
COLORS = {"INDICATOR": "#a6cee3", "VALUE": "#b2df8a", "PERCENT": "#fdbf6f", "PLACE": "#cab2d6"}


def load_pipeline(model: Path):
    """A spaCy pipeline that ends with indicator_extractor (added if the model lacks it)."""
    import spacy

    if not Path(model).exists():
        raise GovreportError(f"{model}: model not found (build one with `spacy project run assemble`, or pass --model PATH to any spaCy pipeline)")
    try:
        nlp = spacy.load(model)
    except (OSError, ValueError) as err:
        raise GovreportError(f"{model}: cannot load the pipeline ({str(err).splitlines()[0]})") from None
    from .component import find_extractor

    if find_extractor(nlp, required=False) is None:
        spans = "spancat" in nlp.pipe_names and "ner" not in nlp.pipe_names
        nlp.add_pipe("span_indicator_extractor" if spans else "indicator_extractor", last=True)
    return nlp


def _manifest(path: Optional[Path]) -> Dict[str, ReportInfo]:
    if path is None or not Path(path).exists():
        return {}
    return {info.file: info for info in load_manifest(path).values()}


def report_facts(path: Path, manifest: Dict[str, ReportInfo], doc_id: Optional[str], place: Optional[str]) -> Tuple[str, Optional[str], Optional[str], Optional[int]]:
    """(doc_id, place, place source, year) from the options, else the manifest, else the file name."""
    info = manifest.get(path.name)
    doc = doc_id or (info.doc_id if info else path.stem)
    if place:
        return doc, place, "user", info.year if info else None
    if info:
        return doc, info.place, "manifest", info.year
    return doc, None, None, None


def extract_report(nlp, path: Path, doc_id: str, place: Optional[str], place_source: Optional[str], year: Optional[int]):
    """Read → clean → pipeline. Returns (cleaned report, doc)."""
    from .component import make_report_doc

    raw = read_report_text(path)
    cleaned = clean_report(raw, doc_id, source=str(path))
    doc = make_report_doc(nlp, cleaned.text, place=place, place_source=place_source, year=year)
    return cleaned, doc


def rows_for(doc, doc_id: str, cleaned) -> List[Dict[str, Any]]:
    rows = []
    sentences = cleaned.sentences
    for record in doc._.indicators or []:
        row = {"doc_id": doc_id, **record}
        index = record["sentence"]
        if 0 <= index < len(sentences) and sentences[index].text_original:
            row["sentence_original"] = sentences[index].text_original
        rows.append(row)
    return rows


def write_rows(out: Path, rows: List[Dict[str, Any]]) -> None:
    if out.suffix == ".jsonl":
        atomic_write_jsonl(out, rows)
        return
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(flatten(row, row["doc_id"]))
    atomic_write_text(out, buf.getvalue())


def extract_records(nlp, reports: List[Path], manifest: Optional[Path], doc_id: Optional[str] = None,
                    place: Optional[str] = None, progress: bool = True) -> List[Dict[str, Any]]:
    """Rows (one per record) of raw report files, each read, cleaned and run through ``nlp``.

    The manifest gives each file's id, place and year by file name, as for the
    training corpus; ``doc_id`` and ``place`` override it (``doc_id`` names
    one document, so it needs a single report).
    """
    if doc_id and len(reports) > 1:
        raise GovreportError("--doc-id names one document: give a single REPORT")
    facts = _manifest(manifest)
    rows: List[Dict[str, Any]] = []
    for path in tqdm(reports, desc="extract", unit="report", disable=not progress):
        doc, p, source, year = report_facts(path, facts, doc_id, place)
        cleaned, parsed = extract_report(nlp, path, doc, p, source, year)
        rows.extend(rows_for(parsed, doc, cleaned))
    return rows


def check_output(out: Path) -> None:
    """Fail before any work when the output suffix says neither JSONL nor CSV."""
    if out.suffix not in OUTPUT_SUFFIXES:
        raise GovreportError(f"{out}: output must end with {' or '.join(OUTPUT_SUFFIXES)}")


def render_html(doc, title: str) -> str:
    """displaCy entities on the left, the records table on the right."""
    from spacy import displacy

    ents = displacy.render(doc, style="ent", page=False, options={"colors": COLORS})
    head = ("indicator", "value", "normalized", "unit", "change", "direction", "kind", "qualifier", "place", "year", "status", "sentence")
    body = []
    for r in doc._.indicators or []:
        v, c = r["value"] or {}, r["change"] or {}
        cells = (
            r["indicator"]["text"], v.get("text", ""), v.get("normalized", ""), v.get("unit", ""), c.get("text", ""),
            c.get("direction", ""), c.get("kind", ""), " ".join(q["text"] for q in r["qualifier"]),
            f"{r['place'].get('name') or ''} ({r['place'].get('source') or '-'})", r["period"].get("year") or "",
            r["status"], r["sentence"],
        )
        body.append("<tr>" + "".join(f"<td>{html.escape(str(x if x is not None else ''))}</td>" for x in cells) + "</tr>")
    table = ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
             + "".join(body) + "</tbody></table>")
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 0; }}
h1 {{ font-size: 1.1em; padding: 0.5em 1em; margin: 0; background: #eee; }}
.wrap {{ display: flex; gap: 1em; padding: 1em; }}
.text {{ flex: 1 1 50%; max-height: 90vh; overflow: auto; }}
.records {{ flex: 1 1 50%; max-height: 90vh; overflow: auto; }}
table {{ border-collapse: collapse; font-size: 0.85em; }}
td, th {{ border: 1px solid #ccc; padding: 2px 4px; }}
th {{ position: sticky; top: 0; background: #f7f7f7; }}
</style></head><body>
<h1>{html.escape(title)} — {len(doc._.indicators or [])} records</h1>
<div class="wrap"><div class="text">{ents}</div><div class="records">{table}</div></div>
</body></html>
"""


def render_report(nlp, report: Path, manifest: Optional[Path], doc_id: Optional[str] = None,
                  place: Optional[str] = None) -> Tuple[str, int]:
    """(HTML page, number of records) of one raw report: entities highlighted beside the records table."""
    doc, p, source, year = report_facts(report, _manifest(manifest), doc_id, place)
    _, parsed = extract_report(nlp, report, doc, p, source, year)
    return render_html(parsed, f"{doc} · {report.name}"), len(parsed._.indicators or [])

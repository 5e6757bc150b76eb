"""Raw report files → an HTML page (``render``), and the pipeline loading that ``extract`` shares.

``extract`` itself (many files, resumable, JSONL/CSV/Parquet) is in
``govreport.extraction.batch`` (one machine) and ``.distributed`` (Dask).

Raw files may be in either script and as messy as scraped: they go through
the project's cleaning (govreport.cleaning.clean_report) before the pipeline,
exactly like the training corpus, so the model sees the text it was trained on.
User errors (unreadable file, missing model, wrong output suffix) are one line
naming the file, never a traceback. The commands themselves (option parsing,
printing) are in govreport.cli.extraction.
"""

from __future__ import annotations

import gc
import html
from pathlib import Path
from typing import Optional, Tuple

from ..cleaning import clean_report
from ..errors import GovreportError
from ..io import read_report_text

COLORS = {"INDICATOR": "#a6cee3", "VALUE": "#b2df8a", "PERCENT": "#fdbf6f", "PLACE": "#cab2d6"}


def load_pipeline(model: Path):
    """A spaCy pipeline that ends with indicator_extractor (added if the model lacks it).

    ``model`` is a pipeline folder or the name of an installed pipeline package
    (``zh_govreport_zh``, built by ``spacy project run package``).
    """
    import spacy

    if not Path(model).exists() and not spacy.util.is_package(str(model)):
        raise GovreportError(f"{model}: model not found (build one with `spacy project run assemble`, or pass --model PATH to any spaCy pipeline)")
    try:
        nlp = spacy.load(model if Path(model).exists() else str(model))
    except (OSError, ValueError) as err:
        raise GovreportError(f"{model}: cannot load the pipeline ({str(err).splitlines()[0]})") from None
    from .component import find_extractor

    if find_extractor(nlp, required=False) is None:
        spans = "spancat" in nlp.pipe_names and "ner" not in nlp.pipe_names
        nlp.add_pipe("span_indicator_extractor" if spans else "indicator_extractor", last=True)
    freeze_loaded_tables()
    return nlp


def freeze_loaded_tables() -> None:
    """Keep what is loaded so far out of the cyclic garbage collector's full passes.

    A loaded pipeline holds sets of millions of strings (pkuseg's feature
    tables, the gazetteer's name prefixes) for the life of the process; every
    full collection walks all of them: about 0.3 s each, 2–5 % of the time of
    a long extraction (docs/experiments.md, round 12). They are never garbage,
    so moving them to the permanent generation (``gc.freeze``) loses nothing.
    Only the processes that load a pipeline to extract (the command line, the
    Dask workers, the benchmark) call this; ``spacy.load`` alone does not.
    """
    gc.collect()
    gc.freeze()


def report_facts(path: Path, manifest: Optional[Path], doc_id: Optional[str], place: Optional[str]) -> Tuple[str, Optional[str], Optional[str], Optional[int]]:
    """(doc_id, place, place source, year) from the options, else the manifest, else the file name."""
    from .batch import report_inputs

    (item,) = report_inputs([Path(path)], manifest, doc_id, place)
    return item.doc_id, item.place, item.place_source, item.year


def extract_report(nlp, path: Path, doc_id: str, place: Optional[str], place_source: Optional[str], year: Optional[int]):
    """Read → clean → pipeline. Returns (cleaned report, doc)."""
    from .component import make_report_doc

    from .component import MAX_SENTENCE_CHARS, find_extractor

    raw = read_report_text(path)
    limit = getattr(nlp.get_pipe(find_extractor(nlp)), "max_sentence_chars", MAX_SENTENCE_CHARS) or None
    cleaned = clean_report(raw, doc_id, source=str(path), max_sentence_chars=limit)
    doc = make_report_doc(nlp, cleaned.text, place=place, place_source=place_source, year=year)
    return cleaned, doc


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
    doc, p, source, year = report_facts(report, manifest, doc_id, place)
    _, parsed = extract_report(nlp, report, doc, p, source, year)
    return render_html(parsed, f"{doc} · {report.name}"), len(parsed._.indicators or [])

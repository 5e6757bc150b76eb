"""Inter-annotator agreement between two independent passes over the same sentences.

Span-level F1 per label (one pass as reference; F1 is symmetric), relation
F1, and Cohen's kappa (scikit-learn) on the label of every token of the
project's tokenizer (label of the span covering the token, or O).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

from sklearn.metrics import cohen_kappa_score

from .gold import row_relations, row_spans
from .schema import LABELS, Span
from .scoring import score_relations, score_spans


def token_labels(tokens: Sequence[Tuple[int, int]], spans: Sequence[Span]) -> List[str]:
    out = []
    for start, end in tokens:
        label = "O"
        for s, e, l in spans:
            if s < end and start < e:
                label = l
                break
        out.append(label)
    return out


def agreement(first: Sequence[dict], second: Sequence[dict], tokenize: Callable[[str], List[Tuple[int, int]]]) -> Dict[str, object]:
    """Compare two passes; rows are matched by meta.sentence_id (only sentences in both)."""
    a = {r["meta"]["sentence_id"]: r for r in first}
    b = {r["meta"]["sentence_id"]: r for r in second}
    ids = sorted(set(a) & set(b))
    for sid in ids:
        if a[sid]["text"] != b[sid]["text"]:
            raise ValueError(f"{sid}: the two passes annotate different texts")
    spans = score_spans([row_spans(a[i]) for i in ids], [row_spans(b[i]) for i in ids])
    overlap = score_spans([row_spans(a[i]) for i in ids], [row_spans(b[i]) for i in ids], overlap=True)
    # the first pass as reference: F1 is symmetric
    relations = score_relations([row_relations(a[i]) for i in ids], [row_relations(b[i]) for i in ids])["micro"]
    y1: List[str] = []
    y2: List[str] = []
    for i in ids:
        tokens = tokenize(a[i]["text"])
        y1.extend(token_labels(tokens, row_spans(a[i])))
        y2.extend(token_labels(tokens, row_spans(b[i])))
    disagreements = []
    for i in ids:
        sa, sb = set(row_spans(a[i])), set(row_spans(b[i]))
        ra, rb = set(row_relations(a[i])), set(row_relations(b[i]))
        if sa != sb or ra != rb:
            text = a[i]["text"]
            disagreements.append({
                "sentence_id": i,
                "only_first": [f"{l} {text[s:e]}" for s, e, l in sorted(sa - sb)],
                "only_second": [f"{l} {text[s:e]}" for s, e, l in sorted(sb - sa)],
                "relations_only_first": [f"{text[x[0]:x[1]]}→{text[y[0]:y[1]]}" for x, y, _ in sorted(ra - rb)],
                "relations_only_second": [f"{text[x[0]:x[1]]}→{text[y[0]:y[1]]}" for x, y, _ in sorted(rb - ra)],
            })
    return {
        "sentences": len(ids),
        "documents": sorted({i.split("-")[0] for i in ids}),
        "span_f1_exact": spans,
        "span_f1_overlap": overlap,
        "relation_f1": relations["f"],
        "relations": {"first": relations["gold"], "second": relations["pred"], "both": relations["tp"]},
        "token_kappa": round(float(cohen_kappa_score(y1, y2, labels=["O", *LABELS])), 4),
        "tokens": len(y1),
        "disagreements": disagreements,
    }


def agreement_between(first_path: Path, second_dir: Path, sentences_path: Path,
                      tokenize: Callable[[str], List[Tuple[int, int]]]) -> Dict[str, object]:
    """Agreement of the pass-1 snapshot (gold JSONL) with the pass-2 markup files of ``second_dir``.

    Pass 2 lives as markup because it was typed by hand, independently;
    reading it through read_markup_file checks it against the same sentences.
    """
    from ..io import read_jsonl
    from .markup import read_markup_file
    from .validate import load_sentences

    sents = load_sentences(sentences_path)
    second = [row for path in sorted(Path(second_dir).glob("*.txt")) for row in read_markup_file(path, sents, "pass2")]
    return agreement(read_jsonl(first_path), second, tokenize)


def agreement_markdown(result: Dict[str, object], command: str = "python -m govreport agreement",
                       report: str = "corpus/annotations/agreement/report.json") -> str:
    """docs/agreement.md: the per-label table, kappa and relation F1, naming the command that made it."""
    rows = ["| label | pass 1 spans | pass 2 spans | both (exact) | span F1 exact | span F1 overlap |", "|---|---|---|---|---|---|"]
    for label in [*LABELS, "micro"]:
        e, o = result["span_f1_exact"][label], result["span_f1_overlap"][label]  # type: ignore[index]
        rows.append(f"| {label} | {e['gold']} | {e['pred']} | {e['tp']} | {e['f']:.3f} | {o['f']:.3f} |")
    md = [
        "# Inter-annotator agreement",
        "",
        f"Two independent hand-annotation passes over {result['sentences']} sentences of documents {', '.join(result['documents'])} "  # type: ignore[arg-type]
        f"(pass 2 was made without seeing pass 1). Produced by `{command}`.",
        "",
        *rows,
        "",
        f"- Cohen's kappa on token labels (project pkuseg tokens, {result['tokens']} tokens, labels O + 4): **{result['token_kappa']:.3f}**",
        f"- Relation F1 (same from-span, to-span and type): **{result['relation_f1']:.3f}** "
        f"(pass 1: {result['relations']['first']}, pass 2: {result['relations']['second']}, both: {result['relations']['both']})",  # type: ignore[index]
        f"- Sentences with any disagreement: {len(result['disagreements'])} (listed in {report})",  # type: ignore[arg-type]
        "",
    ]
    return "\n".join(md)

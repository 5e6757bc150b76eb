"""Agreement between the first pass (snapshot) and the independent second pass.

    python scripts/annotation_agreement.py

Reads corpus/annotations/agreement/pass1.jsonl and the markup files of
corpus/annotations/pass2/, writes corpus/annotations/agreement/report.json
and docs/agreement.md.
"""

from pathlib import Path

import typer

from govreport.annotation.agreement import agreement
from govreport.annotation.markup import read_markup_file
from govreport.annotation.schema import LABELS
from govreport.annotation.validate import load_sentences
from govreport.io import atomic_write_json, atomic_write_text, read_jsonl
from govreport.training.nlp import blank_zh


def main(
    first: Path = typer.Option(Path("corpus/annotations/agreement/pass1.jsonl")),
    second_dir: Path = typer.Option(Path("corpus/annotations/pass2")),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl")),
    pkuseg_model: Path = typer.Option(Path("assets/pkuseg_default")),
    out: Path = typer.Option(Path("corpus/annotations/agreement/report.json")),
    markdown: Path = typer.Option(Path("docs/agreement.md")),
) -> None:
    sents = load_sentences(sentences)
    second = [row for path in sorted(second_dir.glob("*.txt")) for row in read_markup_file(path, sents, "pass2")]
    nlp = blank_zh("pkuseg", pkuseg_model)
    result = agreement(read_jsonl(first), second, lambda text: [(t.idx, t.idx + len(t)) for t in nlp(text)])
    atomic_write_json(out, result)
    rows = ["| label | pass 1 spans | pass 2 spans | both (exact) | span F1 exact | span F1 overlap |", "|---|---|---|---|---|---|"]
    for label in [*LABELS, "micro"]:
        e, o = result["span_f1_exact"][label], result["span_f1_overlap"][label]
        rows.append(f"| {label} | {e['gold']} | {e['pred']} | {e['tp']} | {e['f']:.3f} | {o['f']:.3f} |")
    md = [
        "# Inter-annotator agreement",
        "",
        f"Two independent hand-annotation passes over {result['sentences']} sentences of documents {', '.join(result['documents'])} "
        "(pass 2 was made without seeing pass 1). Produced by `python scripts/annotation_agreement.py`.",
        "",
        *rows,
        "",
        f"- Cohen's kappa on token labels (project pkuseg tokens, {result['tokens']} tokens, labels O + 4): **{result['token_kappa']:.3f}**",
        f"- Relation F1 (same from-span, to-span and type): **{result['relation_f1']:.3f}** "
        f"(pass 1: {result['relations']['first']}, pass 2: {result['relations']['second']}, both: {result['relations']['both']})",
        f"- Sentences with any disagreement: {len(result['disagreements'])} (listed in corpus/annotations/agreement/report.json)",
        "",
    ]
    atomic_write_text(markdown, "\n".join(md))
    typer.echo("\n".join(md))


if __name__ == "__main__":
    typer.run(main)

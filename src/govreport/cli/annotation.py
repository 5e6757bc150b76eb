"""validate, agreement, markup-template, markup-to-gold: the hand-annotated gold (govreport.annotation)."""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer

from .. import paths
from ._common import done, fail, user_errors


def validate(
    folder: Path = typer.Argument(paths.ANNOTATIONS, help="Folder of <doc>.jsonl gold files."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file the gold refers to."),
    consistency: bool = typer.Option(True, help="Also warn about strings annotated in some sentences and not in others "
                                                "(warnings never change the exit code)."),
) -> None:
    """Validate gold JSONL (doccano format) against the spec: every problem as file:line: message; exit 1 if any."""
    from ..annotation.validate import validate_folder

    with user_errors():
        check = validate_folder(folder, sentences, consistency=consistency)
    for problem in check.problems:
        typer.echo(str(problem), err=True)
    if check.warnings:
        _print_consistency(check.warnings)
    if check.problems:
        typer.secho(f"✘ {len(check.problems)} problems in {len(check.files)} files", fg=typer.colors.RED, err=True)
        raise typer.Exit(1)
    done(f"{check.lines} gold lines in {len(check.files)} files are valid")


def _print_consistency(warnings) -> None:
    """Consistency warnings after the errors, one group per surface string, and a count."""
    surface = None
    for w in warnings:
        if w.surface != surface:
            surface = w.surface
            n = sum(1 for x in warnings if x.surface == surface)
            typer.secho(f"\n{surface!r}: {n} warning{'s' if n != 1 else ''}", fg=typer.colors.YELLOW, err=True)
        typer.echo(f"  {w}", err=True)
    groups = len({w.surface for w in warnings})
    typer.secho(f"warning: {len(warnings)} consistency warnings for {groups} strings (not errors)",
                fg=typer.colors.YELLOW, err=True)


def agreement(
    first: Path = typer.Option(paths.AGREEMENT_FIRST, help="Pass-1 snapshot (gold JSONL)."),
    second_dir: Path = typer.Option(paths.AGREEMENT_SECOND_DIR, help="Pass-2 markup files (*.txt)."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file both passes refer to."),
    pkuseg_model: Path = typer.Option(paths.PKUSEG_MODEL, help="pkuseg model: kappa is over the project's tokens."),
    domain_terms: Path = typer.Option(paths.DOMAIN_TERMS, help="The tokenizer's user dictionary (as in training)."),
    out: Path = typer.Option(paths.AGREEMENT_REPORT, help="JSON report, with every disagreement."),
    markdown: Path = typer.Option(paths.AGREEMENT_MD, help="Markdown summary."),
) -> None:
    """Inter-annotator agreement between the pass-1 snapshot and the independent second pass."""
    from ..annotation.agreement import agreement_between, agreement_markdown
    from ..io import atomic_write_json, atomic_write_text
    from ..training.nlp import blank_zh

    with user_errors():
        nlp = blank_zh("pkuseg", pkuseg_model, domain_terms)
        result = agreement_between(first, second_dir, sentences, lambda text: [(t.idx, t.idx + len(t)) for t in nlp(text)])
    atomic_write_json(out, result)
    command = "spacy project run agreement" if (first, second_dir) == (paths.AGREEMENT_FIRST, paths.AGREEMENT_SECOND_DIR) else \
        f"python -m govreport agreement --first {first} --second-dir {second_dir} --out {out} --markdown {markdown}"
    md = agreement_markdown(result, command, str(out))
    atomic_write_text(markdown, md)
    typer.echo(md)


def markup_template(
    doc: str = typer.Argument(..., help="Document id, e.g. 001."),
    start: int = typer.Option(0, help="First sentence index."),
    end: int = typer.Option(10**6, help="Sentence index to stop before."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file."),
) -> None:
    """Print unmarked markup lines (sentence_id<TAB>text) of one document's sentences, to annotate by hand."""
    from ..annotation.markup import template_lines

    with user_errors():
        lines = template_lines(sentences, doc, start, end)
    for line in lines:
        typer.echo(line)


def markup_to_gold(
    doc: str = typer.Argument(..., help="Document id, e.g. 000."),
    annotator: str = typer.Option("pass1", help="Who annotated (goes into meta.annotator)."),
    markup_dir: Path = typer.Option(paths.MARKUP_DIR, help="Markup files <doc>*.txt."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file."),
    out_dir: Path = typer.Option(paths.ANNOTATIONS, help="Where <doc>.jsonl is written."),
    require_complete: bool = typer.Option(False, help="Fail unless every sentence of the document is annotated."),
    force: bool = typer.Option(False, help="Overwrite gold lines that did not come from markup (e.g. pulled from doccano)."),
) -> None:
    """Convert a document's hand-annotation markup to gold JSONL (validated, written atomically)."""
    from ..annotation.markup import markup_to_gold as convert

    with user_errors():
        result = convert(doc, annotator, markup_dir, sentences, out_dir, require_complete, force)
    done(f"{result.rows} lines → {result.target} ({len(result.not_annotated)} sentences of {doc} not yet annotated)")


def markup_suggest(
    doc: str = typer.Argument(..., help="Document id, e.g. 112."),
    model: Path = typer.Option(paths.PIPELINE, help="Trained pipeline whose entities (and links) are the suggestions."),
    sentences: Path = typer.Option(paths.SENTENCES, help="Sentence file."),
    out: Path = typer.Option(..., help="Markup file to write (refused if it exists: it may hold corrections)."),
) -> None:
    """Pre-annotate one document as markup lines from a model's suggestions, to correct by hand."""
    from ..annotation.markup import suggestion_lines
    from ..doccano.suggest import make_suggester
    from ..io import atomic_write_text

    with user_errors():
        if out.exists():
            fail(f"{out} exists and may hold corrections; choose another --out or move it away")
        lines = suggestion_lines(sentences, doc, make_suggester("model", model))
        atomic_write_text(out, "\n".join(lines) + "\n")
    done(f"{len(lines)} suggested lines of {doc} → {out}")


def correction_rate(
    docs: List[str] = typer.Argument(..., help="Documents whose gold was corrected from model suggestions."),
    suggestions_dir: Path = typer.Option(paths.ANNOTATIONS / "suggestions", help="The suggestions as markup-suggest wrote them (<doc>.txt)."),
    gold_dir: Path = typer.Option(paths.ANNOTATIONS, help="The corrected gold (<doc>.jsonl)."),
    sentences: Path = typer.Option(paths.SENTENCES),
    markdown: Path = typer.Option(paths.DOCS / "correction-rate.md"),
) -> None:
    """Share of model suggestions annotators changed or deleted, and of gold spans with no suggestion, per label."""
    from ..annotation.gold import load_gold
    from ..annotation.markup import read_markup_file
    from ..annotation.schema import LABELS
    from ..annotation.scoring import correction_rate as rate
    from ..annotation.validate import load_sentences
    from ..io import atomic_write_text

    with user_errors():
        known = load_sentences(sentences)
        gold = {s.sentence_id: s for s in load_gold(gold_dir) if s.doc in docs}
        suggested = {}
        for doc in docs:
            for row in read_markup_file(suggestions_dir / f"{doc}.txt", known, "model", review_state="pre-annotated"):
                suggested[row["meta"]["sentence_id"]] = row
        ids = [i for i in sorted(gold) if i in suggested]
        if not ids:
            fail(f"no sentence of {', '.join(docs)} has both a suggestion in {suggestions_dir} and gold in {gold_dir}")
        from ..annotation.gold import row_relations, row_spans

        result = rate([gold[i].spans for i in ids], [row_spans(suggested[i]) for i in ids],
                      [gold[i].relations for i in ids], [row_relations(suggested[i]) for i in ids])
    lines = [f"Correction rate of the model's suggestions over {len(ids)} sentences of {', '.join(docs)} "
             f"(`python -m govreport correction-rate {' '.join(docs)}`).", "",
             "| label | suggested | gold | suggestions changed or deleted | gold spans without a suggestion |", "|---|---|---|---|---|"]
    for label in [*LABELS, "micro", "relations"]:
        r = result[label]
        lines.append(f"| {label} | {r['suggested']} | {r['gold']} | {r['changed_or_deleted']:.3f} | {r['gold_without_suggestion']:.3f} |")
    md = "\n".join(lines) + "\n"
    atomic_write_text(markdown, md)
    typer.echo(md)

"""Corrections as doccano edits: suggestions in, corrected markup applied through the API, confirmed, pulled exactly."""

from __future__ import annotations

import json
from pathlib import Path

from govreport.annotation.gold import row_relations, row_spans
from govreport.annotation.markup import to_markup
from govreport.doccano.corrections import apply_corrections
from govreport.doccano.pull import pull
from govreport.doccano.push import push
from govreport.doccano.suggest import make_suggester
from govreport.io import read_jsonl

from .test_roundtrip import ANNOTATIONS, SENTENCES, workdir  # noqa: F401  (fixture)

IDS = ["000-0002", "000-0005", "000-0011"]


def test_corrected_markup_becomes_doccano_edits_and_the_pull_gives_it_back(client, suggest_model, workdir, tmp_path):  # noqa: F811
    gold = {row["meta"]["sentence_id"]: row for row in read_jsonl(ANNOTATIONS / "000.jsonl")}
    result = push(client, SENTENCES, make_suggester("model", suggest_model), "model", "t-correct", ids=IDS, progress=False)
    assert result.new == len(IDS)
    suggest = make_suggester("model", suggest_model)
    suggested = {sid: suggest(gold[sid]["text"]) for sid in IDS}

    # The annotator's corrected lines are the reviewed gold of these sentences.
    markup = tmp_path / "000.correct.txt"
    markup.write_text("".join(f"{sid}\t{to_markup(gold[sid]['text'], gold[sid]['entities'], gold[sid]['relations'])}\n" for sid in IDS),
                      encoding="utf-8")
    from govreport.annotation.markup import read_markup_file
    from govreport.annotation.validate import load_sentences

    rows = read_markup_file(markup, load_sentences(SENTENCES), "doccano")
    tally = apply_corrections(client, "t-correct", rows)
    assert tally.examples == len(IDS)

    # The tally counts what changed: kept + deleted = suggested, kept + added = gold, per label.
    for label in tally.kept:
        n_suggested = sum(1 for sid in IDS for e in suggested[sid]["entities"] if e["label"] == label)
        n_gold = sum(1 for sid in IDS for e in gold[sid]["entities"] if e["label"] == label)
        assert tally.kept[label] + tally.deleted[label] == n_suggested, label
        assert tally.kept[label] + tally.added[label] == n_gold, label
    assert sum(tally.deleted.values()) + sum(tally.added.values()) > 0  # the test model is deliberately imperfect
    n_suggested_rel = sum(len(suggested[sid]["relations"]) for sid in IDS)
    n_gold_rel = sum(len(gold[sid]["relations"]) for sid in IDS)
    assert tally.relations["kept"] + tally.relations["deleted"] == n_suggested_rel  # relations of deleted spans count too
    assert tally.relations["kept"] + tally.relations["added"] == n_gold_rel

    # Confirmed, so the pull takes all three, and they equal the gold exactly.
    gold_file = workdir["annotations"] / "000.jsonl"
    rows_local = [json.loads(line) for line in gold_file.read_text(encoding="utf-8").splitlines()]
    for row in rows_local:
        if row["meta"]["sentence_id"] in IDS:
            row["meta"]["review_state"] = "pre-annotated"  # so the pulled version may replace it,
            row["entities"], row["relations"] = [], []  # and must: what comes back can only come from doccano
    gold_file.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows_local), encoding="utf-8")
    out = pull(client, "t-correct", SENTENCES, workdir["annotations"], workdir["state"], workdir["report"], workdir["backups"])
    assert out.pulled == len(IDS) and sorted(out.merge.replaced) == IDS
    pulled = {row["meta"]["sentence_id"]: row for row in read_jsonl(gold_file)}
    for sid in IDS:
        assert row_spans(pulled[sid]) == row_spans(gold[sid])
        assert row_relations(pulled[sid]) == row_relations(gold[sid])

    # Applying the same corrections again changes nothing.
    again = apply_corrections(client, "t-correct", rows, confirm=False)
    assert sum(again.deleted.values()) == sum(again.added.values()) == 0
    assert again.relations["deleted"] == again.relations["added"] == 0

"""The validator names file, line and span for every kind of problem."""

import json

from govreport.annotation.markup import parse_markup, parse_relations, to_markup
from govreport.annotation.validate import validate_files, validate_row

TEXT = "预计全年完成地区生产总值113.6亿元,增长5%;"
SENTENCES = {"002-0011": {"id": "002-0011", "doc": "002", "text": TEXT}}


def _row(entities, relations=(), **meta):
    return {"id": 20011, "text": TEXT, "doc": "002",
            "entities": [{"id": i + 1, "start_offset": s, "end_offset": e, "label": l} for i, (s, e, l) in enumerate(entities)],
            "relations": [{"id": i + 1, "from_id": a, "to_id": b, "type": t} for i, (a, b, t) in enumerate(relations)],
            "meta": {"sentence_id": "002-0011", "review_state": "reviewed", **meta}}


def test_valid_row():
    row = _row([(6, 12, "INDICATOR"), (12, 19, "VALUE"), (22, 24, "PERCENT")], [(2, 1, "value_of"), (3, 1, "change_of")])
    assert validate_row(row, SENTENCES) == []


def test_each_problem_is_reported():
    assert "label 'ORG'" in validate_row(_row([(6, 12, "ORG")]), SENTENCES)[0]
    assert "outside the text" in validate_row(_row([(6, 99, "VALUE")]), SENTENCES)[0]
    assert "punctuation" in validate_row(_row([(18, 20, "VALUE")]), SENTENCES)[0]
    assert "overlapping" in validate_row(_row([(6, 12, "INDICATOR"), (10, 14, "VALUE")]), SENTENCES)[0]
    problems = validate_row(_row([(6, 12, "INDICATOR"), (12, 19, "VALUE")], [(1, 2, "value_of")]), SENTENCES)
    assert "value_of must be VALUE → INDICATOR" in problems[0] and "'地区生产总值'" in problems[0]
    assert "change_of" in validate_row(_row([(6, 12, "INDICATOR"), (12, 19, "VALUE")], [(2, 1, "change_of")]), SENTENCES)[0]
    bad_text = dict(_row([]), text=TEXT + "。")
    assert "differs from the sentence file" in " ".join(validate_row(bad_text, SENTENCES))


def test_file_and_line_are_named_and_duplicates_found(tmp_path):
    good = _row([(12, 19, "VALUE")])
    path = tmp_path / "002.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(_row([(18, 20, "VALUE")]), ensure_ascii=False) + "\n", encoding="utf-8")
    problems = [str(p) for p in validate_files([path], SENTENCES)]
    assert any(p.startswith(f"{path}:2: span starts or ends") and "[18:20 VALUE '元,']" in p for p in problems)
    assert any(f"{path}:2: sentence 002-0011 already annotated in {path}:1" in p for p in problems)


def test_markup_round_trip():
    marked = "预计全年完成⟦地区生产总值|I⟧⟦113.6亿元|V⟧,增长⟦5%|P⟧;"
    text, entities = parse_markup(marked)
    assert text == TEXT
    relations = parse_relations("2>1 3>1", entities)
    assert [(r["from_id"], r["to_id"], r["type"]) for r in relations] == [(2, 1, "value_of"), (3, 1, "change_of")]
    assert to_markup(text, entities, relations) == marked + "\t2>1 3>1"

"""Evaluation of the rule baseline on a tiny gold file, scores computed by hand."""

from __future__ import annotations

import json
from functools import partial

from govreport.rules import annotate as annotate_with
from govreport.rules.evaluate import evaluate, load_rows, markdown

# 002-0009 as gold; the rules find it exactly (3 spans, 2 relations).
ROW_1 = {
    "id": 20009, "doc": "002", "text": "预计全年完成地区生产总值113.6亿元,增长5%;",
    "entities": [{"id": 1, "start_offset": 6, "end_offset": 12, "label": "INDICATOR"},
                 {"id": 2, "start_offset": 12, "end_offset": 19, "label": "VALUE"},
                 {"id": 3, "start_offset": 22, "end_offset": 24, "label": "PERCENT"}],
    "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "value_of"}, {"id": 2, "from_id": 3, "to_id": 1, "type": "change_of"}],
    "meta": {"sentence_id": "002-0009", "review_state": "reviewed"},
}
# 002-0028 (first clause) with its gold INDICATOR cut to 道路 on purpose: the rules
# predict 新建道路 (overlap hit, exact miss); gold also has a PLACE the rules
# cannot know (田家, not a county or larger).
ROW_2 = {
    "id": 20028, "doc": "002", "text": "开发区新建道路6.5公里,田家",
    "entities": [{"id": 1, "start_offset": 5, "end_offset": 7, "label": "INDICATOR"},
                 {"id": 2, "start_offset": 7, "end_offset": 12, "label": "VALUE"},
                 {"id": 3, "start_offset": 13, "end_offset": 15, "label": "PLACE"}],
    "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "value_of"}],
    "meta": {"sentence_id": "002-0028", "review_state": "reviewed"},
}


def test_scores_on_a_tiny_gold_file(tmp_path, gazetteer):
    annotate = partial(annotate_with, gazetteer=gazetteer)
    path = tmp_path / "002.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in (ROW_1, ROW_2)), encoding="utf-8")
    assert [(e["start_offset"], e["end_offset"], e["label"]) for e in annotate(ROW_2["text"])["entities"]] == [(3, 7, "INDICATOR"), (7, 12, "VALUE")]
    result = evaluate(load_rows([path]), annotate)
    exact, overlap, rel = result["entities"]["exact"], result["entities"]["overlap"], result["relations"]
    assert result["sentences"] == 2
    # INDICATOR: 2 predicted, 2 gold, 1 exact hit; both overlap.
    assert exact["INDICATOR"] == {"p": 0.5, "r": 0.5, "f": 0.5, "tp": 1, "pred": 2, "gold": 2}
    assert overlap["INDICATOR"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 2, "pred": 2, "gold": 2}
    assert exact["VALUE"]["f"] == 1.0 and exact["PERCENT"]["f"] == 1.0
    assert exact["PLACE"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "pred": 0, "gold": 1}
    # micro exact: 4 hits of 5 predicted and 6 gold → P 0.8, R 0.6667, F 2*0.8*0.6667/1.4667 = 0.7273
    assert exact["micro"] == {"p": 0.8, "r": 0.6667, "f": 0.7273, "tp": 4, "pred": 5, "gold": 6}
    # relations: value_of 1 of 2 (the second joins the wrong INDICATOR span), change_of 1 of 1.
    assert rel["value_of"] == {"p": 0.5, "r": 0.5, "f": 0.5, "tp": 1, "pred": 2, "gold": 2}
    assert rel["change_of"] == {"p": 1.0, "r": 1.0, "f": 1.0, "tp": 1, "pred": 1, "gold": 1}
    assert rel["micro"] == {"p": 0.6667, "r": 0.6667, "f": 0.6667, "tp": 2, "pred": 3, "gold": 3}
    assert "| exact | INDICATOR | 0.500 | 0.500 | 0.500 | 1 | 2 | 2 |" in markdown(result)

"""Footnote markers leave the text, each listed in the cleaning report; list numbers stay."""

from govreport.cleaning import clean_report
from govreport.cleaning.notes import remove_note_markers


def test_markers_of_every_bracket_kind_are_removed():
    line, removed = remove_note_markers("助力“双碳”[3]取得成果，按照“3689” ［1］ 、市委〔65〕要求")
    assert line == "助力“双碳”取得成果，按照“3689”、市委要求"
    assert removed == ["[3]", "［1］", "〔65〕"]


def test_list_numbers_and_numbers_in_text_stay():
    text = "其中交通工程4项：（1）徐大路(7)康明大街，PM2.5[浓度]下降3%"
    assert remove_note_markers(text) == (text, [])


def test_cleaning_report_lists_markers_and_no_sentence_keeps_one():
    cleaned = clean_report("全面实施“双千工程”[10]，引进项目50个。\n深化“放管服”〔12〕改革。", "900")
    assert [r.text for r in cleaned.report.note_markers_removed] == ["[10]", "〔12〕"]
    assert [r.rule for r in cleaned.report.note_markers_removed] == ["note_marker", "note_marker"]
    assert all("[" not in s.text and "〔" not in s.text for s in cleaned.sentences)
    assert cleaned.report.to_dict()["summary"]["note_markers_removed"] == 2


def test_no_gold_span_contains_a_note_marker():
    import json
    from pathlib import Path

    gold = Path(__file__).resolve().parents[2] / "corpus" / "annotations"
    for path in sorted(gold.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for e in row["entities"]:
                span = row["text"][e["start_offset"] : e["end_offset"]]
                assert remove_note_markers(span)[1] == [], (path.name, row["meta"]["sentence_id"], span)

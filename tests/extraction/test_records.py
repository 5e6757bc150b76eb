"""Records as plain data: the dict Doc._.indicators holds, and the typed view back."""

import json

import srsly

from govreport.extraction.extract import extract_records
from govreport.extraction.records import IndicatorRecord, flatten

from .helpers import marked


def test_typed_view_round_trip():
    text, spans, _ = marked("⟦规上工业总产值|I⟧增长约⟦12%|P⟧,⟦地区生产总值|I⟧达到⟦113.6亿元|V⟧以上")
    records = extract_records(text, spans)
    assert len(records) == 2 and records[0].qualifier
    for record in records:
        data = record.to_dict()
        assert IndicatorRecord.from_dict(data) == record
        assert IndicatorRecord.from_dict(data).to_dict() == data == json.loads(json.dumps(data))
        assert srsly.msgpack_loads(srsly.msgpack_dumps(data)) == data


def test_numbers_beyond_64_bits_stay_serialisable():
    """A scraped ID-like digit string read as a VALUE must not break DocBin or nlp.pipe(n_process=2)."""
    big = "99999999999999999999"  # > 2**64
    text = f"地区生产总值{big}元,增长{big}%;财政收入{'9' * 400}元"
    spans = [(0, 6, "INDICATOR"), (6, 27, "VALUE"), (30, 51, "PERCENT"), (52, 56, "INDICATOR"), (56, 457, "VALUE")]
    first, second = (r.to_dict() for r in extract_records(text, spans))
    assert srsly.msgpack_loads(srsly.msgpack_dumps([first, second])) == [first, second]
    assert first["value"]["number"] == first["value"]["normalized"] == 1e20
    assert first["change"]["percent"] == 1e20
    assert second["value"]["number"] is None  # past the float range: unreadable, like XX亿元
    assert flatten(first)["number"] == 1e20


def test_records_of_a_repeated_bare_head_carry_their_clause():
    from govreport.extraction.extract import extract_records
    from govreport.extraction.context import report_context

    text = "新开工项目32个，竣工项目18个。"
    spans = [(3, 5, "INDICATOR"), (5, 8, "VALUE"), (11, 13, "INDICATOR"), (13, 16, "VALUE")]
    records = [r.to_dict() for r in extract_records(text, spans, report_context([text]))]
    assert [(r["indicator"]["text"], r["value"]["text"], r["clause"]) for r in records] == [
        ("项目", "32个", "新开工项目32个"), ("项目", "18个", "竣工项目18个")]

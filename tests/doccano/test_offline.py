"""Conversion, merge rules and credentials handling, without a server (fast, always run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govreport.doccano.client import DoccanoError, DoccanoSettings, read_env_file
from govreport.doccano.convert import UPLOAD_META_KEYS, content_hash, export_to_gold, upload_line
from govreport.doccano.merge import load_state, merge, write_merge
from govreport.io import read_jsonl

TEXT = "预计全年地区生产总值完成XX亿元、同比增长3%"
SENT = {"id": "000-0017", "doc": "000", "index": 17, "text": TEXT}
SUGG = {
    "entities": [
        {"id": 1, "start_offset": 4, "end_offset": 10, "label": "INDICATOR"},
        {"id": 2, "start_offset": 12, "end_offset": 16, "label": "VALUE"},
        {"id": 3, "start_offset": 21, "end_offset": 23, "label": "PERCENT"},
    ],
    "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "value_of"}, {"id": 2, "from_id": 3, "to_id": 1, "type": "change_of"}],
}


def test_upload_lines_have_one_key_set_even_without_suggestions():
    a = upload_line(SENT, SUGG, "rules")
    b = upload_line(dict(SENT, id="000-0018", index=18), {"entities": [], "relations": []}, "rules")
    assert set(a) == set(b) == {"text", "entities", "relations", *UPLOAD_META_KEYS}
    assert TEXT[a["entities"][1]["start_offset"]:a["entities"][1]["end_offset"]] == "XX亿元"


def test_export_line_to_gold_renumbers_db_ids_and_keeps_offsets():
    line = {
        "id": 41, "text": TEXT, "sentence_id": "000-0017", "doc": "000", "index": 17, "suggested_by": "rules",
        "entities": [
            {"id": 907, "label": "PERCENT", "start_offset": 21, "end_offset": 23},
            {"id": 905, "label": "INDICATOR", "start_offset": 4, "end_offset": 10},
            {"id": 906, "label": "VALUE", "start_offset": 12, "end_offset": 16},
        ],
        "relations": [{"id": 77, "from_id": 906, "to_id": 905, "type": "value_of"}, {"id": 78, "from_id": 907, "to_id": 905, "type": "change_of"}],
        "Comments": [],
    }
    row = export_to_gold(line, "doccano:ann")
    assert row["id"] == 17 and row["doc"] == "000"
    assert row["entities"] == SUGG["entities"] and row["relations"] == SUGG["relations"]
    assert row["meta"] == {"sentence_id": "000-0017", "review_state": "reviewed", "annotator": "doccano:ann", "doccano_example_id": 41}


def test_content_hash_ignores_numbering_and_meta_but_not_spans():
    row = {"text": TEXT, **SUGG, "meta": {"review_state": "reviewed"}}
    shuffled = {
        "text": TEXT, "meta": {},
        "entities": [dict(e, id=10 - e["id"]) for e in reversed(SUGG["entities"])],
        "relations": [dict(r, from_id=10 - r["from_id"], to_id=10 - r["to_id"]) for r in SUGG["relations"]],
    }
    assert content_hash(row) == content_hash(shuffled)
    moved = json.loads(json.dumps(row))
    moved["entities"][0]["start_offset"] = 2
    assert content_hash(moved) != content_hash(row)


def gold(review_state: str, entities=None) -> dict:
    return {"id": 17, "text": TEXT, "doc": "000", "entities": SUGG["entities"] if entities is None else entities,
            "relations": SUGG["relations"] if entities is None else [],
            "meta": {"sentence_id": "000-0017", "review_state": review_state, "annotator": "x"}}


@pytest.mark.parametrize(
    "local_state, expect",
    [
        (None, "added"),
        ("pre-annotated", "replaced"),
        ("unreviewed", "replaced"),
        ("reviewed", "conflicts"),
    ],
)
def test_merge_rules(tmp_path: Path, local_state, expect):
    pulled = dict(gold("reviewed"), meta={"sentence_id": "000-0017", "review_state": "reviewed", "annotator": "doccano:a"})
    ann = tmp_path / "ann"
    ann.mkdir()
    other = dict(gold("reviewed", []), id=16, meta={"sentence_id": "000-0016", "review_state": "reviewed"})
    rows = [other] + ([gold(local_state, [])] if local_state else [])
    (ann / "000.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    result = merge([pulled], ann, load_state(tmp_path / "state.json"))
    assert getattr(result, expect) and len(getattr(result, expect)) == 1
    write_merge(result, [pulled], ann, tmp_path / "state.json", load_state(tmp_path / "state.json"),
                tmp_path / "conflicts.jsonl", tmp_path / "bk")
    out = read_jsonl(ann / "000.jsonl")
    assert out[0] == other
    if expect == "conflicts":
        assert out[1] == rows[1] and read_jsonl(tmp_path / "conflicts.jsonl")[0]["sentence_id"] == "000-0017"
        assert "000-0017" not in load_state(tmp_path / "state.json")["sentences"]
    else:
        assert out[-1] == pulled and load_state(tmp_path / "state.json")["sentences"]["000-0017"]["hash"] == content_hash(pulled)
        backups = list((tmp_path / "bk").rglob("000.jsonl"))
        assert len(backups) == 1 and read_jsonl(backups[0]) == rows  # what was replaced is kept


def test_reviewed_line_written_by_last_pull_is_replaced(tmp_path: Path):
    ann = tmp_path / "ann"
    ann.mkdir()
    first = dict(gold("reviewed"), meta={"sentence_id": "000-0017", "review_state": "reviewed", "annotator": "doccano:a"})
    state_path = tmp_path / "s.json"
    r1 = merge([first], ann, load_state(state_path))
    write_merge(r1, [first], ann, state_path, load_state(state_path), tmp_path / "c.jsonl", tmp_path / "bk")
    second = dict(first, entities=first["entities"][:2], relations=first["relations"][:1])
    r2 = merge([second], ann, load_state(state_path))
    assert r2.replaced == ["000-0017"] and not r2.conflicts


def test_env_file_and_settings_never_show_password(tmp_path: Path, monkeypatch):
    env = tmp_path / ".env"
    env.write_text("# doccano\nexport DOCCANO_URL=http://127.0.0.1:8000/\nDOCCANO_USERNAME='ann'\nDOCCANO_PASSWORD=\"s3cret-xyz\"\n", encoding="utf-8")
    for k in ("DOCCANO_URL", "DOCCANO_USERNAME", "DOCCANO_PASSWORD"):
        monkeypatch.delenv(k, raising=False)
    assert read_env_file(env)["DOCCANO_PASSWORD"] == "s3cret-xyz"
    s = DoccanoSettings.from_env(env)
    assert (s.url, s.username, s.password) == ("http://127.0.0.1:8000", "ann", "s3cret-xyz")
    assert "s3cret-xyz" not in repr(s)
    monkeypatch.setenv("DOCCANO_PASSWORD", "from-env")
    assert DoccanoSettings.from_env(env).password == "from-env"
    with pytest.raises(DoccanoError, match="DOCCANO_URL"):
        DoccanoSettings.from_env(tmp_path / "missing.env")


def test_model_suggestions_read_extraction_records():
    """doc._.indicators in the shape govreport.extraction produces (plain dicts, IndicatorRecord.to_dict())."""
    import spacy
    from spacy.tokens import Doc

    from govreport.doccano.suggest import doc_to_suggestion

    added = not Doc.has_extension("indicators")
    if added:
        Doc.set_extension("indicators", default=None)
    try:
        nlp = spacy.blank("zh")
        doc = nlp(TEXT)
        doc.ents = [doc.char_span(4, 10, "INDICATOR"), doc.char_span(12, 16, "VALUE"), doc.char_span(21, 23, "PERCENT")]
        ref = lambda s, e: {"text": TEXT[s:e], "start_char": s, "end_char": e}  # noqa: E731
        doc._.indicators = [
            {"indicator": ref(4, 10), "value": {**ref(12, 16), "number": 1}, "change": {**ref(21, 23), "percent": 5}},
            {"indicator": {"start_char": 4, "end_char": 10}, "value": {"start_char": 12, "end_char": 16}},  # duplicate
            {"indicator": ref(0, 2), "value": ref(12, 16), "change": None},  # not an entity
        ]
        assert doc_to_suggestion(doc) == SUGG
    finally:
        if added:
            Doc.remove_extension("indicators")


def test_settings_url_follows_the_port_unless_doccano_url_overrides(tmp_path: Path, monkeypatch):
    """The server, push and pull share one DoccanoSettings: --port means the same to all three."""
    env = tmp_path / ".env"
    env.write_text("DOCCANO_USERNAME=ann\nDOCCANO_PASSWORD=hidden-pw-123\n", encoding="utf-8")
    for k in ("DOCCANO_URL", "DOCCANO_USERNAME", "DOCCANO_PASSWORD"):
        monkeypatch.delenv(k, raising=False)
    s = DoccanoSettings.from_env(env, port=8123)
    assert (s.host, s.port, s.url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")
    assert "hidden-pw-123" not in repr(s) and "hidden-pw-123" not in str(s)
    monkeypatch.setenv("DOCCANO_URL", "http://annotation.example:9000/")
    s = DoccanoSettings.from_env(env, port=8123)
    assert s.url == "http://annotation.example:9000" and s.port == 8123
    assert DoccanoSettings(username="u", password="p").url == "http://127.0.0.1:8000"

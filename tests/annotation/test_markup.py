

def test_suggestion_lines_round_trip_through_the_markup_reader(tmp_path, gazetteer):
    """Rule suggestions written as markup read back as the same entities and relations."""
    import json

    from govreport.annotation.markup import read_markup_file, suggestion_lines
    from govreport.rules import rule_annotator

    rows = [{"id": "900-0000", "doc": "900", "text": "预计全年完成地区生产总值113.6亿元,增长5%。"},
            {"id": "900-0001", "doc": "900", "text": "新建桥梁5座。"}]
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    suggest = rule_annotator(gazetteer)
    lines = suggestion_lines(sentences, "900", suggest)
    assert lines[0].startswith("900-0000\t预计全年完成⟦地区生产总值|I⟧⟦113.6亿元|V⟧")
    markup = tmp_path / "900.p1.txt"
    markup.write_text("\n".join(lines) + "\n", encoding="utf-8")
    gold = read_markup_file(markup, {r["id"]: r for r in rows}, "test")
    for row, text in zip(gold, (r["text"] for r in rows)):
        expected = suggest(text)
        assert [(e["start_offset"], e["end_offset"], e["label"]) for e in row["entities"]] == \
               [(e["start_offset"], e["end_offset"], e["label"]) for e in expected["entities"]]
        assert len(row["relations"]) == len(expected["relations"])

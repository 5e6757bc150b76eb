"""Baidu LAC's words as character spans (govreport.lac): offsets back onto the text, the tags kept."""

import pytest

from govreport.lac import word_spans

TEXT = "洞庭湖和汾河流域的长三角地区"


def test_word_spans_search_forward_and_keep_the_marked_tags():
    words = [("洞庭湖", "LOC"), ("和", "c"), ("汾河", "LOC"), ("?", "w"), ("流域", "n")]
    assert word_spans("洞庭湖和汾河流域", words) == [(0, 3, "LOC"), (4, 6, "LOC")]


def test_real_lac_offsets_map_back_to_the_text_and_find_places():
    from govreport.lac import LacTagger

    tagger = LacTagger()
    words = tagger.lac.run(TEXT)
    assert "".join(w for w, _ in words) == TEXT
    spans = tagger(TEXT)
    assert spans and all(TEXT[s:e] for s, e, _ in spans)
    found = {TEXT[s:e]: tag for s, e, tag in spans}
    assert found.get("洞庭湖") in ("LOC", "ns")
    # full-width characters: the words still concatenate to the input (q2b only changes the model's lookup)
    wide = "ＧＤＰ增长５％，北京市"
    assert "".join(w for w, _ in tagger.lac.run(wide)) == wide
    assert (wide.index("北京市"), len(wide), "LOC") in tagger(wide)

"""BERT's word pieces with offsets: CJK characters alone, longest pieces first, what cannot be cut."""

import pytest

from govreport.encoder.wordpiece import WordPiece
from govreport.errors import GovreportError

from .test_context import tiny_tokenizer_json


@pytest.fixture()
def wordpiece():
    return WordPiece.from_json(tiny_tokenizer_json("基站个。%", extra=["13", "##3", "5", "g", "##g"]))


def pieces(wp, text):
    ids, offsets = wp.encode(text)
    inverse = {i: t for t, i in wp.vocab.items()}
    return [(inverse[i], text[a:b]) for i, (a, b) in zip(ids, offsets)]


def test_cjk_characters_are_words_and_latin_runs_are_cut_longest_first(wordpiece):
    assert pieces(wordpiece, "基站133个。") == [("[CLS]", ""), ("基", "基"), ("站", "站"), ("13", "13"), ("##3", "3"),
                                              ("个", "个"), ("。", "。"), ("[SEP]", "")]


def test_a_word_that_cannot_be_cut_is_one_unknown_piece(wordpiece):
    assert pieces(wordpiece, "5G基站")[1:3] == [("[UNK]", "5G"), ("基", "基")]  # no lower-casing: G is not g


def test_spaces_and_control_characters_are_dropped_and_offsets_kept(wordpiece):
    assert pieces(wordpiece, "基 \u200b站\ue791%") == [("[CLS]", ""), ("基", "基"), ("站", "站"), ("%", "%"), ("[SEP]", "")]


def test_the_real_vocabulary(context_encoder_folder):
    wp = WordPiece.from_json((context_encoder_folder / "tokenizer.json").read_text(encoding="utf-8"))
    ids, offsets = wp.encode("新建5G基站133个。")
    assert ids == [101, 3173, 2456, 100, 1825, 4991, 9246, 702, 511, 102]  # as the tokenizers package gives
    assert offsets[3] == (2, 4) and offsets[6] == (6, 9)


def test_other_tokenizers_are_refused():
    with pytest.raises(GovreportError, match="not a BERT word-piece tokenizer"):
        WordPiece.from_json('{"model": {"type": "BPE"}, "pre_tokenizer": {"type": "ByteLevel"}}')

"""The static word table distilled from the context encoder: which words, how each is read, what is written."""

import numpy
import pytest

from govreport.errors import GovreportError
from govreport.table_files import read_vector_table
from govreport.features.word_table import build_word_table, dictionary_words, encoder_characters, reduce, word_states

from ..encoder.test_context import encoder  # noqa: F401  (the tiny real encoder fixture)


def test_dictionary_words_keep_the_counted_ones_in_order(tmp_path):
    (tmp_path / "dict.txt").write_text("地区 20 n\n洞庭湖 3 ns\n增长 7 v\n", encoding="utf-8")
    assert dictionary_words(tmp_path, 5) == ["地区", "增长"]
    assert dictionary_words(tmp_path / "dict.txt", 1) == ["地区", "洞庭湖", "增长"]


def test_a_bad_dictionary_line_names_the_file_and_line(tmp_path):
    (tmp_path / "dict.txt").write_text("地区 20 n\n增长 many v\n", encoding="utf-8")
    with pytest.raises(GovreportError, match=r"dict\.txt:2"):
        dictionary_words(tmp_path, 1)


def test_a_word_is_read_alone_as_its_pieces_mean(encoder):  # noqa: F811
    rows = word_states(encoder, ["地区", "生产总值", "增长"], batch=2)
    for word, row in zip(["地区", "生产总值", "增长"], rows):
        (states, offsets), = encoder.hidden_states([word])
        assert numpy.allclose(row, states[1:-1].mean(axis=0), atol=1e-5)  # [CLS] and [SEP] left out
    assert not numpy.allclose(rows[0], rows[2])


def test_the_reduced_table_keeps_the_rows_and_their_geometry():
    rows = numpy.random.default_rng(0).normal(size=(50, 6)).astype("float32")
    rows[:, 3:] = 0  # three dimensions carry everything
    small = reduce(rows, 3)
    assert small.shape == (50, 3)
    distance = lambda m: numpy.linalg.norm(m[:, None] - m[None], axis=-1)  # noqa: E731
    assert numpy.allclose(distance(small), distance(rows), atol=1e-4)


def test_the_table_holds_the_words_and_the_encoder_s_characters(encoder, tmp_path):  # noqa: F811
    dest = build_word_table(encoder, ["地区", "增长", "地区"], tmp_path / "table", dims=4)
    keys, vectors = read_vector_table(dest)
    assert keys[:2] == ["地区", "增长"] and set(encoder_characters(encoder)) <= set(keys)
    assert len(keys) == len(set(keys)) and vectors.shape == (len(keys), 4)
    assert sorted(p.name for p in dest.iterdir()) == ["keys.txt", "vectors.npy"]  # nothing half-written left behind

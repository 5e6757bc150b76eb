"""The context encoder as a tok2vec column: token vectors, what learns, saving without the asset, both scripts."""

import json

import numpy
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from govreport.features import context_vectors
from govreport.features.context_vectors import ContextVectors, canonical_text, context_vector_embed, table_context_embed

from ..encoder.test_bert import tiny_bert
from ..encoder.test_checkpoint import _write_checkpoint
from ..encoder.test_context import tiny_tokenizer_json

CHARS = "地区生产总值增长率"


@pytest.fixture()
def encoder_folder(tmp_path):
    """A two-layer, 8-wide BERT written as the fetched asset is laid out (checkpoint, config, tokenizer)."""
    weights, _ = tiny_bert(vocab=4 + len(CHARS))
    _write_checkpoint(tmp_path / "pytorch_model.bin", {n: (a.ravel(), list(a.shape), [int(numpy.prod(a.shape[i + 1:])) for i in range(a.ndim)], 0)
                                                       for n, a in weights.items()})
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert", "hidden_act": "gelu", "num_hidden_layers": 2,
                                                      "num_attention_heads": 2, "hidden_size": 8, "max_position_embeddings": 16}))
    (tmp_path / "tokenizer.json").write_text(tiny_tokenizer_json(CHARS), encoding="utf-8")
    return tmp_path


def docs_of(*words_list):
    vocab = Vocab()
    return [Doc(vocab, words=list(words)) for words in words_list]


def test_a_token_gets_its_pieces_mean_state_projected(encoder_folder):
    layer = ContextVectors(3, str(encoder_folder), layers=[1, 2])
    docs = docs_of(["地区", "生产", "总值"], ["增长率"])
    layer.initialize(X=docs)
    W = numpy.arange(3 * 16, dtype="float32").reshape(3, 16) / 10
    layer.set_param("W", W)
    Y, _ = layer(docs, is_train=False)
    encoder = context_vectors.encoder_of(layer)
    (states, offsets), = encoder.hidden_states(["地区生产总值"])
    expected = encoder.pool(states.astype("float16"), offsets, [(0, 2), (2, 4), (4, 6)]) @ W.T  # kept at half precision
    assert list(Y.lengths) == [3, 1]
    assert numpy.allclose(Y.dataXd[:3], expected, atol=1e-4)


def test_only_the_projection_learns(encoder_folder):
    layer = ContextVectors(4, str(encoder_folder), layers=[2])
    docs = docs_of(["地区", "生产"])
    layer.initialize(X=docs)
    Y, backprop = layer(docs, is_train=True)
    backprop(Y)
    assert layer.has_grad("W") and not layer.has_grad("encoder")


def test_training_texts_are_kept_and_only_the_last_predicted_texts_are(encoder_folder, monkeypatch):
    monkeypatch.setattr(context_vectors, "PREDICTED_KEPT", 2)
    layer = ContextVectors(4, str(encoder_folder), layers=[2])
    train = docs_of(["总值", "增长"])
    predicted = docs_of(["地区", "增长率"], ["生产"], ["总值"])
    layer.initialize(X=train)
    identity = context_vectors.encoder_of(layer).identity
    layer(train, is_train=True)
    for doc in predicted:
        first = layer.predict([doc]).dataXd
        assert numpy.array_equal(layer.predict([doc]).dataXd, first)  # read again from what was kept: the same vectors
    assert (identity, "总值增长") in context_vectors._TRAINING_STATES
    kept = {text for (i, text) in context_vectors._PREDICTED_STATES if i == identity}
    assert {"生产", "总值"} <= kept and "地区增长率" not in kept


def test_inside_predictions_kept_every_predicted_text_is_kept_and_after_it_the_last_ones(encoder_folder, monkeypatch):
    """crossval reads a held-out province once per system and script: each text is encoded once."""
    monkeypatch.setattr(context_vectors, "PREDICTED_KEPT", 2)
    monkeypatch.setattr(context_vectors, "_PREDICTED_STATES", {})
    layer = ContextVectors(4, str(encoder_folder), layers=[2])
    predicted = docs_of(["地区"], ["增长率"], ["生产"], ["总值"])
    layer.initialize(X=predicted)
    identity = context_vectors.encoder_of(layer).identity
    with context_vectors.predictions_kept(len(predicted)):
        for doc in predicted:
            layer.predict([doc])
        assert {text for (i, text) in context_vectors._PREDICTED_STATES if i == identity} == {"地区", "增长率", "生产", "总值"}
    assert context_vectors.PREDICTED_KEPT == 2
    assert [text for (i, text) in context_vectors._PREDICTED_STATES if i == identity] == ["生产", "总值"]


def test_both_scripts_read_the_same_canonical_text():
    vocab = Vocab()
    simplified = Doc(vocab, words=["地区", "生产", "总值"])
    traditional = Doc(vocab, words=["地區", "生產", "總值"])
    for token, norm in zip(traditional, ["地区", "生产", "总值"]):
        token.norm_ = norm  # the tokenizer's canonical NORM
    assert canonical_text(simplified) == canonical_text(traditional) == ("地区生产总值", [(0, 2), (2, 4), (4, 6)])


def test_the_embedding_is_saved_with_the_encoder_and_loads_without_the_asset(encoder_folder):
    model = context_vector_embed(8, ["NORM", "SHAPE"], [100, 50], str(encoder_folder), layers=[1, 2])
    docs = docs_of(["地区", "生产", "总值"], ["增长", "率"])
    model.initialize(X=docs)
    loaded = context_vector_embed(8, ["NORM", "SHAPE"], [100, 50], str(encoder_folder / "gone"), layers=[1, 2]).from_bytes(model.to_bytes())
    for a, b in zip(model.predict(docs), loaded.predict(docs)):
        assert a.shape[1] == 8 and numpy.allclose(a, b)


def test_the_table_and_the_encoder_are_two_columns_saved_inside_the_model(encoder_folder, tmp_path):
    """Round 34's experiment: the word table and the contextual vectors side by side; both live in the saved weights."""
    table = tmp_path / "table"
    table.mkdir()
    (table / "keys.txt").write_text("地区\n生产\n总值\n", encoding="utf-8")
    numpy.save(table / "vectors.npy", numpy.eye(3, 4, dtype="float32"))
    model = table_context_embed(8, ["NORM", "SHAPE"], [100, 50], str(table), str(encoder_folder), layers=[1, 2])
    docs = docs_of(["地区", "生产", "总值"], ["增长", "率"])
    model.initialize(X=docs)
    assert [n.name for n in model.walk() if n.name in {"vector_table", "context_vectors"}] == ["vector_table", "context_vectors"]
    gone = tmp_path / "gone"
    loaded = table_context_embed(8, ["NORM", "SHAPE"], [100, 50], str(gone), str(gone), layers=[1, 2]).from_bytes(model.to_bytes())
    for a, b in zip(model.predict(docs), loaded.predict(docs)):
        assert a.shape[1] == 8 and numpy.allclose(a, b)
    with pytest.raises(ValueError, match="1 rows for 2 attrs"):
        table_context_embed(8, ["NORM", "SHAPE"], [100], str(table), str(encoder_folder))


def test_rows_and_attrs_must_agree():
    with pytest.raises(ValueError, match="2 rows for 1 attrs"):
        context_vector_embed(8, ["NORM"], [100, 50], "unused")


@pytest.mark.slow
def test_a_tiny_ner_trains_with_the_encoder_and_loads_without_it(tmp_path, pkuseg_model, gazetteer, context_encoder_folder):
    """configs/ner-context.cfg trained for real (a few steps), then loaded with the asset gone."""
    import spacy
    from spacy.cli.train import train
    from spacy.lang.zh import Chinese
    from spacy.tokens import DocBin

    from govreport.annotation.gold import load_gold

    from ..conftest import ROOT

    nlp = Chinese.from_config({"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "pkuseg",
                                                     "suffix_chars": 1}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    docs = []
    for sentence in [s for s in load_gold(ROOT / "corpus" / "annotations") if s.doc == "000" and s.spans][:10]:
        doc = nlp.make_doc(sentence.text)
        spans = [doc.char_span(a, b, label=label, alignment_mode="expand") for a, b, label in sentence.spans]
        doc.ents = spacy.util.filter_spans([s for s in spans if s is not None])
        docs.append(doc)
    DocBin(docs=docs[:8]).to_disk(tmp_path / "train.spacy")
    DocBin(docs=docs[8:]).to_disk(tmp_path / "dev.spacy")
    encoder = tmp_path / "m3e_small"
    encoder.symlink_to(context_encoder_folder, target_is_directory=True)
    train(ROOT / "configs" / "ner-context.cfg", tmp_path / "ner", overrides={
        "paths.train": str(tmp_path / "train.spacy"), "paths.dev": str(tmp_path / "dev.spacy"),
        "paths.pkuseg_model": str(pkuseg_model), "paths.domain_terms": str(ROOT / "src/govreport/data/domain_terms.txt"),
        "paths.gazetteer": str(gazetteer), "paths.jieba_dict": str(gazetteer.parent / "jieba_dict"),
        "paths.context_encoder": str(encoder), "training.max_steps": 2, "training.eval_frequency": 2})
    encoder.unlink()  # the trained model holds the encoder's weights itself
    trained = spacy.load(tmp_path / "ner" / "model-last")
    assert trained.get_pipe("ner").model.get_ref("tok2vec") is not None
    doc = trained("预计全年完成地区生产总值113.6亿元,增长5%。")
    assert all(e.label_ in {"INDICATOR", "VALUE", "PERCENT", "PLACE"} for e in doc.ents)
    assert (tmp_path / "ner" / "model-last" / "ner" / "model").stat().st_size > 90_000_000  # 4 layers of 512 inside

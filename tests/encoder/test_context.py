"""The context encoder: batching, long texts, and how pieces become a token's vector."""

import json

import numpy
import pytest

from govreport.encoder.context import ContextEncoder
from govreport.errors import GovreportError

from .test_bert import tiny_bert


def tiny_tokenizer_json(chars, extra=()):
    """A tokenizer.json as the encoder ships it, over a vocabulary of the given characters (and extra pieces)."""
    vocab = {"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, **{c: i + 4 for i, c in enumerate([*chars, *extra])}}
    return json.dumps({"normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                                      "strip_accents": None, "lowercase": False},
                       "pre_tokenizer": {"type": "BertPreTokenizer"},
                       "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                                 "max_input_chars_per_word": 100, "vocab": vocab}}, ensure_ascii=False)


@pytest.fixture()
def encoder():
    weights, shape = tiny_bert(vocab=12, positions=8)
    config = {"model_type": "bert", "hidden_act": "gelu", "num_hidden_layers": 2, "num_attention_heads": 2,
              "hidden_size": 8, "max_position_embeddings": 8}
    return ContextEncoder(weights, config, tiny_tokenizer_json("地区生产总值增长"), layers=(1, 2), batch_size=2)


def test_a_text_reads_the_same_alone_and_in_a_batch(encoder):
    texts = ["地区生产", "总值增长地区", "增长"]
    together = encoder.hidden_states(texts)
    for text, (states, offsets) in zip(texts, together):
        (alone, alone_offsets), = encoder.hidden_states([text])
        assert numpy.allclose(states, alone, atol=1e-5)
        assert numpy.array_equal(offsets, alone_offsets)


def test_a_text_longer_than_the_positions_is_read_in_windows(encoder):
    (states, offsets), = encoder.hidden_states(["地区生产总值增长地区生产"])  # 12 pieces + 2 specials > 8 positions
    assert states.shape == (14, 16) and offsets.shape == (14, 2)


def test_a_token_is_the_mean_of_its_pieces_and_unmatched_tokens_are_zero():
    states = numpy.array([[9, 9], [1, 2], [3, 4], [5, 6], [9, 9]], dtype="float32")  # [CLS] a b c [SEP]
    offsets = numpy.array([[0, 0], [0, 1], [1, 2], [2, 3], [0, 0]])
    rows = ContextEncoder.pool(states, offsets, [(0, 2), (2, 3), (3, 4)])
    assert numpy.allclose(rows, [[2, 3], [5, 6], [0, 0]])


def test_layers_outside_the_encoder_are_refused():
    weights, _ = tiny_bert()
    config = {"model_type": "bert", "hidden_act": "gelu", "num_hidden_layers": 2, "num_attention_heads": 2, "hidden_size": 8}
    with pytest.raises(GovreportError, match="layers 1–2"):
        ContextEncoder(weights, config, tiny_tokenizer_json("地"), layers=(3,))


def test_a_missing_asset_names_the_file_and_the_command(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({}))
    with pytest.raises(GovreportError, match=r"pytorch_model\.bin: missing.*fetch-assets --context-encoder"):
        ContextEncoder.from_folder(tmp_path)

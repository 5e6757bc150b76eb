"""The numpy BERT forward pass: against torch's numbers for the real encoder, and its invariances."""

import numpy

from govreport.encoder.bert import BertShape, bert_hidden_states
from govreport.encoder.context import ContextEncoder

# Hidden states of m3e-small for 地区生产总值增长5%, computed with transformers' BertModel in torch
# (exported to ONNX, run with onnxruntime): pieces 地, 值 and 5; dimensions 0–2 of layer 2 and of layer 4.
TORCH_REFERENCE = numpy.array([
    [-0.02272, -0.79644, 0.53284, 0.09477, -0.61555, -0.01568],
    [-0.48598, -0.90885, -0.4161, -0.82634, -0.89685, 0.20238],
    [0.38197, -0.79115, -1.46664, 0.75609, -1.09354, -0.32365],
])


def tiny_bert(seed=0, layers=2, hidden=8, heads=2, vocab=20, positions=16):
    rng = numpy.random.default_rng(seed)

    def r(*shape):
        return rng.normal(0, 0.5, shape).astype("float32")

    w = {"embeddings.word_embeddings.weight": r(vocab, hidden), "embeddings.position_embeddings.weight": r(positions, hidden),
         "embeddings.token_type_embeddings.weight": r(2, hidden),
         "embeddings.LayerNorm.weight": 1 + r(hidden), "embeddings.LayerNorm.bias": r(hidden)}
    for n in range(layers):
        p = f"encoder.layer.{n}."
        for name, (o, i) in {"attention.self.query": (hidden, hidden), "attention.self.key": (hidden, hidden),
                             "attention.self.value": (hidden, hidden), "attention.output.dense": (hidden, hidden),
                             "intermediate.dense": (4 * hidden, hidden), "output.dense": (hidden, 4 * hidden)}.items():
            w[p + name + ".weight"], w[p + name + ".bias"] = r(o, i), r(o)
        for name in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + name + ".weight"], w[p + name + ".bias"] = 1 + r(hidden), r(hidden)
    return w, BertShape(layers=layers, heads=heads, hidden=hidden)


def test_padding_does_not_change_the_states_of_real_pieces():
    w, shape = tiny_bert()
    alone = bert_hidden_states(w, shape, numpy.array([[1, 5, 7, 2]]), numpy.ones((1, 4), dtype="int64"), (1, 2))
    ids = numpy.array([[1, 5, 7, 2, 0, 0], [1, 3, 2, 0, 0, 0]])
    mask = (ids > 0).astype("int64")
    batched = bert_hidden_states(w, shape, ids, mask, (1, 2))
    assert batched.shape == (2, 6, 16)
    assert numpy.allclose(batched[0, :4], alone[0], atol=1e-5)
    assert numpy.allclose(batched[1, :3], bert_hidden_states(w, shape, ids[1:, :3], mask[1:, :3], (1, 2))[0], atol=1e-5)


def test_padding_positions_come_out_as_zeros():
    """Only the real pieces are computed (packed); the padding rows are zeros, not states of nothing."""
    w, shape = tiny_bert()
    ids = numpy.array([[1, 5, 7, 2, 0], [1, 3, 0, 0, 0]])
    states = bert_hidden_states(w, shape, ids, (ids > 0).astype("int64"), (2,))
    assert states.shape == (2, 5, 8) and states.dtype == numpy.float32
    assert states[0, :4].any(axis=-1).all() and states[1, :2].any(axis=-1).all()
    assert (states[0, 4:] == 0).all() and (states[1, 2:] == 0).all()


def test_a_single_piece_attends_only_to_itself():
    """With one piece, attention is the value projection: layer 1 by hand."""
    w, shape = tiny_bert(layers=1)
    got = bert_hidden_states(w, shape, numpy.array([[3]]), numpy.ones((1, 1), dtype="int64"), (1,))[0, 0]

    def ln(x, name):
        return (x - x.mean()) / numpy.sqrt(x.var() + 1e-12) * w[name + ".weight"] + w[name + ".bias"]

    def dense(x, name):
        return w[name + ".weight"] @ x + w[name + ".bias"]

    from scipy.special import erf

    x = ln(w["embeddings.word_embeddings.weight"][3] + w["embeddings.position_embeddings.weight"][0]
           + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
    p = "encoder.layer.0."
    x = ln(x + dense(dense(x, p + "attention.self.value"), p + "attention.output.dense"), p + "attention.output.LayerNorm")
    h = dense(x, p + "intermediate.dense")
    x = ln(x + dense(0.5 * h * (1 + erf(h / numpy.sqrt(2))), p + "output.dense"), p + "output.LayerNorm")
    assert numpy.allclose(got, x, atol=1e-4)


def test_the_real_encoder_gives_torchs_numbers(context_encoder_folder):
    encoder = ContextEncoder.from_folder(context_encoder_folder)
    (states, offsets), = encoder.hidden_states(["地区生产总值增长5%"])
    assert states.shape == (12, 1024)  # [CLS], ten pieces, [SEP]; layers 2 and 4
    assert [tuple(o) for o in offsets[[1, 6, 9]]] == [(0, 1), (5, 6), (8, 9)]
    assert numpy.allclose(states[[1, 6, 9]][:, [0, 1, 2, 512, 513, 514]], TORCH_REFERENCE, atol=2e-4)


def test_gelu_on_every_core_is_bit_for_bit_the_single_threaded_one():
    """The word table's bytes must not depend on the core count: row blocks in threads, the same numbers."""
    from govreport.encoder.bert import GELU_ROWS_PER_THREAD, _gelu, _gelu_rows

    x = numpy.random.default_rng(0).normal(0, 3, (2 * GELU_ROWS_PER_THREAD + 7, 33)).astype("float32")
    single = _gelu_rows(x)
    for threads in (2, 3):
        threaded = _gelu(x, threads)
        assert threaded.dtype == single.dtype and threaded.tobytes() == single.tobytes()
    assert _gelu(x[:10], 2).tobytes() == single[:10].tobytes()  # small arrays stay in one thread

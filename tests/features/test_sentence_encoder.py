"""The sentence encoder: a token's vector reads the whole sentence, it learns, it saves, bad sizes are refused."""

import numpy
import pytest
from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from thinc.api import Adam, fix_random_seed

from govreport.features.sentence_encoder import sentence_lstm_encoder

WIDTH = 8


def sentences(*lengths, seed=0):
    rng = numpy.random.default_rng(seed)
    return [rng.standard_normal((n, WIDTH)).astype("float32") for n in lengths]


def first_token_after_changing_the_last(encoder, length):
    """The first token's vector before and after the sentence's last token changes."""
    X = sentences(length)
    encoder.initialize(X=X)
    before = encoder.predict(X)[0][0]
    changed = X[0].copy()
    changed[-1] += 5.0
    after = encoder.predict([changed])[0][0]
    return before, after


@pytest.mark.parametrize("window_depth", [0, 2])
def test_a_token_reads_words_past_the_window(window_depth):
    fix_random_seed(0)
    encoder = sentence_lstm_encoder(WIDTH, window_size=1, maxout_pieces=2, window_depth=window_depth, lstm_depth=1)
    before, after = first_token_after_changing_the_last(encoder, 8)
    assert numpy.abs(before - after).max() > 1e-4


def test_the_window_alone_does_not():
    """The control: a window of 1 at depth 2 sees two tokens either side, not seven."""
    fix_random_seed(0)
    before, after = first_token_after_changing_the_last(MaxoutWindowEncoder(width=WIDTH, window_size=1, maxout_pieces=2, depth=2), 8)
    assert numpy.array_equal(before, after)


def test_one_vector_per_token_of_the_width():
    encoder = sentence_lstm_encoder(WIDTH, window_size=1, maxout_pieces=2, window_depth=1, lstm_depth=2)
    X = sentences(3, 7, 1)
    encoder.initialize(X=X)
    Y = encoder.predict(X)
    assert [y.shape for y in Y] == [(3, WIDTH), (7, WIDTH), (1, WIDTH)]


def test_the_lstm_learns():
    """With no window below it, only the LSTM can fit the targets: its gradients reach its weights."""
    fix_random_seed(0)
    X = sentences(*([10] * 16), seed=1)
    targets = [numpy.repeat(x[-1:, :], len(x), axis=0) for x in X]
    encoder = sentence_lstm_encoder(WIDTH, window_size=1, maxout_pieces=2, window_depth=0, lstm_depth=1)
    encoder.initialize(X=X, Y=targets)
    optimizer = Adam(0.01)

    def loss():
        return float(sum(((y - t) ** 2).sum() for y, t in zip(encoder.predict(X), targets)))

    start = loss()
    for _ in range(150):
        Y, backprop = encoder.begin_update(X)
        backprop([y - t for y, t in zip(Y, targets)])
        encoder.finish_update(optimizer)
    assert loss() < 0.7 * start


def test_saved_and_loaded_it_predicts_the_same():
    encoder = sentence_lstm_encoder(WIDTH, window_size=1, maxout_pieces=2, window_depth=1, lstm_depth=1)
    X = sentences(4, 9)
    encoder.initialize(X=X)
    copy = sentence_lstm_encoder(WIDTH, window_size=1, maxout_pieces=2, window_depth=1, lstm_depth=1)
    copy.initialize(X=X)
    copy.from_bytes(encoder.to_bytes())
    for a, b in zip(encoder.predict(X), copy.predict(X)):
        assert numpy.allclose(a, b)


@pytest.mark.parametrize("width, lstm_depth, message", [(7, 1, "even"), (8, 0, "at least 1")])
def test_bad_sizes_are_refused(width, lstm_depth, message):
    with pytest.raises(ValueError, match=message):
        sentence_lstm_encoder(width, window_size=1, maxout_pieces=2, window_depth=1, lstm_depth=lstm_depth)

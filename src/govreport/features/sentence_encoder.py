"""An encoder that reads the whole sentence: the window CNN, then a bidirectional LSTM.

Why: the shipped encoder (``spacy.MaxoutWindowEncoder.v2``, window 2, depth 4)
sees eight tokens either side. Whether a noun phrase is an INDICATOR often
depends on what comes further away: the figure that counts it at the end of a
long clause (设置临时便民服务点19个), or the verb that governs it at the clause's
start. A wider or deeper window did not help (docs/experiments.md, round 15);
a recurrent layer carries the whole sentence instead, at little cost. It uses
thinc's own LSTM (no torch: ``spacy.TorchBiLSTMEncoder.v1`` would pull in a
multi-gigabyte wheel).

``window_depth`` 0 gives the LSTM alone. With a window CNN below it, the LSTM
is residual: it adds the sentence's view to the window's features rather than
replacing them.

Measured over held-out reports at two seeds (docs/experiments.md, round 35):
the window + LSTM changes relations by +0.1 and INDICATOR by 0.0 against the
window alone, and the LSTM alone learns too slowly for the shipped 3,000
steps. Not the default; kept for trials on more gold
(``configs/experiments/ner-sentence-lstm.cfg``; the LSTM alone with ``--override
components.ner.model.tok2vec.encode.window_depth=0 --override components.ner.model.tok2vec.encode.lstm_depth=2``).
"""

from __future__ import annotations

from typing import List

from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.util import registry
from thinc.api import LSTM, Model, chain, residual, with_padded
from thinc.types import Floats2d


@registry.architectures("govreport.SentenceLSTMEncoder.v1")
def sentence_lstm_encoder(
    width: int,
    window_size: int,
    maxout_pieces: int,
    window_depth: int,
    lstm_depth: int,
    dropout: float = 0.0,
) -> Model[List[Floats2d], List[Floats2d]]:
    """The window CNN of ``window_depth`` layers, then a residual BiLSTM of ``lstm_depth``.

    ``width`` must be even: each direction of the LSTM gives half of it.
    """
    if width % 2:
        raise ValueError(f"SentenceLSTMEncoder: width must be even (each direction gives half), got {width}")
    if lstm_depth < 1:
        raise ValueError(f"SentenceLSTMEncoder: lstm_depth must be at least 1, got {lstm_depth}; "
                         "use spacy.MaxoutWindowEncoder.v2 for the window alone")
    sentence = with_padded(LSTM(width, width, bi=True, depth=lstm_depth, dropout=dropout))
    if window_depth == 0:
        model = sentence
    else:
        window = MaxoutWindowEncoder(width=width, window_size=window_size,
                                     maxout_pieces=maxout_pieces, depth=window_depth)
        model = chain(window, residual(sentence))
    model.set_dim("nO", width)
    return model

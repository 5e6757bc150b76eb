"""A dictionary tagger's view of each word: jieba's part-of-speech tag, coarsened to the universal tag set.

Over the held-out reports, more than half of the gold INDICATORs are names
the training reports never used, and the model finds only 61 % of those
(docs/experiments.md, round 17). What decides such a span is where the noun
phrase before a number begins: 栽植⟦乔木⟧9008株, 交付⟦房屋⟧1984套. A word the
model has never seen tells it nothing through NORM; a tagger's view of it
does (栽植 and 交付 are verbs, 乔木 and 房屋 nouns). jieba's ``dict.txt``
(MIT, already fetched for the place and organisation lexicons) gives a tag
for 349,045 words, and a look-up costs nothing at run time, where a trained
tagger (LAC, round 4) would cost 40 % of the pipeline's throughput.

The tag goes into ``Token.pos`` (so the universal tag set, hence the
coarsening below) for ``MultiHashEmbed`` to read (``attrs = [..., "POS"]``).
jieba's verbal nouns (``vn``: 投资, 建设, 收入) become NOUN: in the gold
(15 extra reports, pkuseg words), for their share of all words, they begin
an INDICATOR about as often as plain nouns (1.4 and 1.7 times their share)
and stand right before one as rarely (0.3 times), where verbs stand before
one at 1.4 times theirs. Words jieba does not know (numbers, punctuation,
most domain terms) get no tag.

Measured by cross-validation (docs/experiments.md, round 17): INDICATOR
+0.5 ± 1.5 over held-out reports, +0.0 ± 2.8 across held-out provinces,
inside the spread; so ``govreport_token_marks`` has it off by default and
the shipped pipeline does not carry the table (3.4 MB).
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Union

from .lexicons import jieba_entries

# jieba (ICTCLAS) tag → universal POS; tags not listed get no POS
JIEBA_TO_UPOS: Dict[str, str] = {
    **dict.fromkeys(("n", "ng", "nz", "vn", "an", "s", "f", "t", "tg", "j", "l", "i", "g"), "NOUN"),
    **dict.fromkeys(("nr", "nrt", "nrfg", "ns", "nt"), "PROPN"),
    **dict.fromkeys(("v", "vd", "vg", "vi", "vq"), "VERB"),
    **dict.fromkeys(("a", "ad", "ag", "b", "z", "zg"), "ADJ"),
    **dict.fromkeys(("d", "df", "dg"), "ADV"),
    **dict.fromkeys(("m", "mg", "mq", "q"), "NUM"),  # a classifier counts with its numeral (5个, 3座)
    **dict.fromkeys(("r", "rg", "rr", "rz"), "PRON"),
    "p": "ADP",
    "c": "CCONJ",
    **dict.fromkeys(("u", "ud", "ug", "uj", "ul", "uv", "uz", "y", "e", "o", "h", "k"), "PART"),
    **dict.fromkeys(("x", "eng"), "X"),
}


def read_word_classes(path: Union[str, Path]) -> Dict[str, str]:
    """Every word of jieba's ``dict.txt`` (``path`` or the folder holding it) with its universal POS."""
    return {word: JIEBA_TO_UPOS[tag] for word, tag in jieba_entries(path) if tag in JIEBA_TO_UPOS}


def pack_word_classes(word_classes: Dict[str, str]) -> Dict[str, str]:
    """The table as one newline-joined word list per POS: a third smaller, and read in half the time, than a dict."""
    by_pos: Dict[str, list] = {}
    for word, upos in word_classes.items():
        by_pos.setdefault(upos, []).append(word)
    return {upos: "\n".join(words) for upos, words in by_pos.items()}


def unpack_word_classes(packed: Dict[str, str]) -> Dict[str, str]:
    return {word: upos for upos, words in packed.items() for word in words.split("\n") if word}

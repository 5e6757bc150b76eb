"""Raw text for `spacy pretrain` (configs/pretrain.cfg): only reports that no evaluation can see.

Every report with a gold file in the gold folder is a cross-validation fold
(its sentences are test data once), so pretraining on its text would let the
tok2vec learn the test sentences. The raw text is therefore the cleaned
sentences of the reports that have NO gold file, minus any sentence whose text
also occurs in an annotated report (headings and formulae such as
"各位代表:" repeat across reports). A report that gets a gold file later drops
out the next time the text is written (project.yml: pretrain-text depends on
the gold folder).

It also registers ``govreport.PretrainCharacters.v1``, the pretraining objective
of configs/pretrain.cfg. spaCy's ``spacy.PretrainCharacters.v1`` expects a tok2vec
that returns one array per doc, but the NER keeps its tok2vec inline:
TransitionBasedParser.v2's ``tok2vec`` ref is ``chain(Tok2Vec, list2array,
Linear)``, one array for the whole batch, on which the objective's own
list2array fails ("Provided 'x' array should be 2-dimensional"). This objective
is the same network (masked-LM wrapper, Maxout, LayerNorm, MultiSoftmax over
256 byte values per predicted byte, spaCy's get_characters_loss) without that
list2array, so the weights file is exactly the ner's ``tok2vec`` ref and loads
with ``[initialize] init_tok2vec``. Absolute imports: `spacy pretrain --code`
and `spacy train --code` load this file on its own.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable, Dict, List, NamedTuple, Set

from spacy.ml.models.multi_task import build_masked_language_model, get_characters_loss
from spacy.util import registry
from thinc.api import LayerNorm, Maxout, Model, MultiSoftmax, chain

from govreport.errors import ReportInputError
from govreport.io import atomic_write_jsonl, read_jsonl


class PretrainText(NamedTuple):  # no dataclass: `--code` runs this file outside sys.modules
    rows: List[Dict[str, str]]  # {"text": ...}, one sentence each, in corpus order
    reports: List[str]  # the reports the text comes from
    excluded_reports: List[str]  # reports with a gold file
    shared_dropped: int  # sentences of unannotated reports whose text an annotated report also has

    @property
    def summary(self) -> Dict[str, object]:
        return {
            "reports": len(self.reports),
            "sentences": len(self.rows),
            "characters": sum(len(r["text"]) for r in self.rows),
            "excluded_reports": self.excluded_reports,
            "dropped_shared_with_gold": self.shared_dropped,
        }


def annotated_reports(gold_dir: Path) -> Set[str]:
    """Reports with a gold file: the file stems and every ``doc`` named inside them."""
    docs: Set[str] = set()
    for path in sorted(Path(gold_dir).glob("*.jsonl")):
        docs.add(path.stem)
        docs.update(str(row["doc"]) for row in read_jsonl(path) if row.get("doc") is not None)
    return docs


def pretrain_rows(sentences: Path, gold_dir: Path) -> PretrainText:
    """Sentences of the reports without a gold file, as ``{"text": ...}`` rows (never a sentence of an annotated report)."""
    if not Path(gold_dir).is_dir():
        raise ReportInputError(Path(gold_dir), "folder not found (the gold annotations decide what pretraining may not see)")
    annotated = annotated_reports(gold_dir)
    rows = read_jsonl(sentences)
    gold_texts = {r["text"].strip() for r in rows if r["doc"] in annotated}
    out: List[Dict[str, str]] = []
    reports: List[str] = []
    shared = 0
    for row in rows:
        text = row["text"].strip()
        if row["doc"] in annotated or not text:
            continue
        if text in gold_texts:
            shared += 1
            continue
        if row["doc"] not in reports:
            reports.append(row["doc"])
        out.append({"text": text})
    return PretrainText(out, reports, sorted(annotated), shared)


def write_pretrain_text(sentences: Path, gold_dir: Path, out: Path) -> PretrainText:
    """pretrain_rows() written atomically as JSONL (spacy.JsonlCorpus.v1 reads the "text" key)."""
    result = pretrain_rows(sentences, gold_dir)
    if not result.rows:  # spacy pretrain would fail later on an empty corpus, without saying why
        raise ReportInputError(Path(sentences), f"no sentence of a report without a gold file in {gold_dir} "
                               "(every report is annotated, so no text is unseen by all evaluation folds)")
    atomic_write_jsonl(out, result.rows)
    return result


@registry.architectures("govreport.PretrainCharacters.v1")
def create_pretrain_characters(maxout_pieces: int, hidden_size: int, n_characters: int) -> Callable[..., Model]:
    """spacy.PretrainCharacters.v1 for a tok2vec that returns one array for the batch (the ner's inline ``tok2vec`` ref).

    ``n_characters`` counts UTF-8 bytes (Doc.to_utf8_array): 6 is the whole
    first and last character of a Chinese word, spaCy's default 4 is two
    thirds of each.
    """

    def create_characters_objective(vocab, tok2vec: Model) -> Model:
        output_layer = chain(
            Maxout(nO=hidden_size, nP=maxout_pieces),
            LayerNorm(nI=hidden_size),
            MultiSoftmax([256] * n_characters, nI=hidden_size),
        )
        model = build_masked_language_model(vocab, chain(tok2vec, output_layer))
        model.set_ref("tok2vec", tok2vec)
        model.set_ref("output_layer", output_layer)
        model.attrs["loss"] = partial(get_characters_loss, nr_char=n_characters)
        return model

    return create_characters_objective

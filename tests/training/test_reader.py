"""govreport.Corpus.v1: predicted docs from the stored tokens, equal to segmenting again; a foreign cut is refused."""

import pytest
from spacy.lang.zh import Chinese
from spacy.tokens import Doc, DocBin
from spacy.util import registry

from govreport.errors import GovreportError
from govreport.tokenizer import TEXT_KEY

CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "pkuseg", "suffix_chars": 1}}}
SENTENCES = [
    "预计全年完成地区生产总值113.6亿元,增长5%;市场主体达到2.85万户。",
    "預計全年完成地區生產總值113.6億元，增長5％；改造城市道路12條、橋梁5座。",  # traditional, full-width
    "坚持“开放兴县”战略，聚焦京津冀、珠三角〔65〕。",
]


@pytest.fixture(scope="module")
def nlp(pkuseg_model):
    nlp = Chinese.from_config(CONFIG)
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    return nlp


def _features(doc):
    return [(t.text, t.whitespace_, t.idx, t.norm_, t.prefix_, t.suffix_) for t in doc], doc.user_data.get(TEXT_KEY)


def _write(tmp_path, docs):
    path = tmp_path / "train.spacy"
    DocBin(docs=docs).to_disk(path)
    return path


def test_tokens_of_gives_what_segmenting_gives(nlp):
    for text in SENTENCES:
        segmented = nlp.make_doc(text)
        assert _features(nlp.tokenizer.tokens_of(segmented)) == _features(nlp.make_doc(text))
    assert nlp.tokenizer.tokens_of(nlp.make_doc(SENTENCES[1]))[0].norm_ == "预计"  # canonical NORM survives the rebuild


def test_reader_yields_the_stored_tokens(nlp, tmp_path):
    path = _write(tmp_path, [nlp.make_doc(text) for text in SENTENCES])
    examples = list(registry.readers.get("govreport.Corpus.v1")(path)(nlp))
    assert len(examples) == len(SENTENCES)
    for example, text in zip(examples, SENTENCES):
        assert _features(example.predicted) == _features(nlp.make_doc(text))
        assert [t.text for t in example.predicted] == [t.text for t in example.reference]


def test_reader_refuses_a_corpus_cut_another_way(nlp, tmp_path):
    one_char_each = Doc(nlp.vocab, words=list(SENTENCES[0]), spaces=[False] * len(SENTENCES[0]))  # the "char" cut
    path = _write(tmp_path, [one_char_each])
    with pytest.raises(GovreportError, match=r"train\.spacy.*another segmenter"):
        list(registry.readers.get("govreport.Corpus.v1")(path)(nlp))


def test_reader_needs_a_path():
    with pytest.raises(GovreportError, match="needs a path"):
        registry.readers.get("govreport.Corpus.v1")(None)


def test_reader_reads_a_file_once_and_again_when_it_is_rewritten(nlp, tmp_path):
    reader = registry.readers.get("govreport.Corpus.v1")(_write(tmp_path, [nlp.make_doc(SENTENCES[0])]))
    first = [eg.reference for eg in reader(nlp)]
    assert [eg.reference for eg in reader(nlp)] == first  # the same reference docs: the file was read once
    _write(tmp_path, [nlp.make_doc(text) for text in SENTENCES])
    assert [eg.reference.text for eg in reader(nlp)] == SENTENCES


def test_a_new_training_lets_the_files_of_the_last_one_go(nlp, pkuseg_model, tmp_path):
    """crossval trains fold after fold in one process: one fold's docs must not stay in memory for the next."""
    from govreport.training import reader as reader_module

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    list(registry.readers.get("govreport.Corpus.v1")(_write(first, [nlp.make_doc(SENTENCES[0])]))(nlp))
    next_fold = Chinese.from_config(CONFIG)  # a new training: a new vocab
    next_fold.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    list(registry.readers.get("govreport.Corpus.v1")(_write(second, [next_fold.make_doc(SENTENCES[2])]))(next_fold))
    kept = [paths for paths, _, _ in reader_module._READ]
    assert kept == [(str(second / "train.spacy"),)]

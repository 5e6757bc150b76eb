"""Training on the figure gate's sentences: the gate's own test picks them, and a fold converts only those."""

from spacy.tokens import DocBin

from govreport.annotation.gold import GoldSentence
from govreport.training.crossval import train_fold
from govreport.training.gated import gated_sentence_ids
from govreport.training.nlp import blank_zh

SENTENCES = [
    GoldSentence("000-0001", "000", "全年地区生产总值增长5%。", ((2, 8, "INDICATOR"), (10, 12, "PERCENT")), ((1, 0, "change_of"),), "reviewed"),
    GoldSentence("000-0002", "000", "群众满意率持续提升。", ((0, 5, "INDICATOR"),), (), "reviewed"),  # a statistic, no figure
    GoldSentence("000-0003", "000", "我们坚持以人民为中心的发展思想。", (), (), "reviewed"),
    GoldSentence("110-0001", "110", "新建道路12条。", ((2, 4, "INDICATOR"), (4, 7, "VALUE")), ((1, 0, "value_of"),), "reviewed"),
    GoldSentence("110-0002", "110", "全面加强党的建设。", (), (), "reviewed"),
]


def test_the_gate_keeps_figures_and_named_statistics_and_drops_the_rest(marks_nlp):
    assert gated_sentence_ids(SENTENCES, marks_nlp) == {"000-0001", "000-0002", "110-0001"}


def test_a_fold_converts_only_the_kept_sentences_of_its_train_and_dev_reports(tmp_path, pkuseg_model):
    fold = {"train": ["000"], "dev": ["110"], "test": []}
    calls = []
    train_fold(fold, SENTENCES, tmp_path, {"ner": (tmp_path / "ner.cfg", {})}, "pkuseg", pkuseg_model, None,
               train=lambda config, output, overrides: calls.append(output), train_ids={"000-0001", "110-0001"})
    nlp = blank_zh("pkuseg", pkuseg_model)
    train = [d.user_data["sentence_id"] for d in DocBin().from_disk(tmp_path / "train.spacy").get_docs(nlp.vocab)]
    dev = [d.user_data["sentence_id"] for d in DocBin().from_disk(tmp_path / "dev.spacy").get_docs(nlp.vocab)]
    assert train == ["000-0001", "000-0001#t"] and dev == ["110-0001"]  # the traditional copy follows its sentence
    assert calls == [tmp_path / "ner"]

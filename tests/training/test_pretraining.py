"""Pretraining text: only sentences of reports without a gold file, and a clear error when none is left."""

import pytest

from govreport.errors import ReportInputError
from govreport.io import atomic_write_jsonl as write_jsonl, read_jsonl
from govreport.training.pretraining import write_pretrain_text


def sentence(doc, index, text):
    return {"id": f"{doc}-{index:04d}", "doc": doc, "index": index, "text": text}


def corpus(tmp_path, gold_docs):
    sentences = tmp_path / "sentences.jsonl"
    write_jsonl(sentences, [sentence("000", 0, "各位代表:"), sentence("000", 1, "地区生产总值增长5%。"),
                            sentence("100", 0, "各位代表:"), sentence("100", 1, "新建学校3所。")])
    gold = tmp_path / "gold"
    gold.mkdir()
    for doc in gold_docs:
        write_jsonl(gold / f"{doc}.jsonl", [{"text": "x", "doc": doc}])
    return sentences, gold


def test_text_comes_only_from_reports_without_gold_and_never_repeats_a_gold_sentence(tmp_path):
    sentences, gold = corpus(tmp_path, ["000"])
    result = write_pretrain_text(sentences, gold, tmp_path / "out.jsonl")
    assert read_jsonl(tmp_path / "out.jsonl") == [{"text": "新建学校3所。"}]
    assert result.summary["reports"] == 1 and result.summary["dropped_shared_with_gold"] == 1


def test_every_report_annotated_is_a_clear_error_not_an_empty_corpus(tmp_path):
    sentences, gold = corpus(tmp_path, ["000", "100"])
    with pytest.raises(ReportInputError, match="every report is annotated"):
        write_pretrain_text(sentences, gold, tmp_path / "out.jsonl")
    assert not (tmp_path / "out.jsonl").exists()

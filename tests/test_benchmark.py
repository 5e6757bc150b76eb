"""The benchmark's back-to-back ratio: a real pipeline in a spawned process, one ratio per round."""

import spacy

from govreport.benchmark import interleaved_ratios, round_shares


def test_interleaved_ratios_time_the_tokenizer_and_the_pipeline_once_per_round(tmp_path):
    nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "nlp")
    ratios = interleaved_ratios(str(tmp_path / "nlp"), ["地区生产总值增长5%。"] * 200, rounds=3)
    assert len(ratios) == 3
    assert all(0 < r < 10 for r in ratios)


def test_each_round_reads_texts_no_other_round_or_the_warm_up_read():
    """A pipeline that remembers what it read (the context encoder's cache) must not be timed on a text twice."""
    texts = [f"第{i}句。" for i in range(173)]
    warm_up, shards = round_shares(texts, 3)
    read = warm_up + [t for shard in shards for t in shard]
    assert sorted(read) == sorted(texts) and len(set(read)) == len(read)
    assert len(warm_up) == 50 and [len(s) for s in shards] == [41, 41, 41]

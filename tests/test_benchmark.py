"""The benchmark's back-to-back ratio: a real pipeline in a spawned process, one ratio per round."""

import spacy

from govreport.benchmark import interleaved_ratios


def test_interleaved_ratios_time_the_tokenizer_and_the_pipeline_once_per_round(tmp_path):
    nlp = spacy.blank("zh")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(tmp_path / "nlp")
    ratios = interleaved_ratios(str(tmp_path / "nlp"), ["地区生产总值增长5%。"] * 200, rounds=3)
    assert len(ratios) == 3
    assert all(0 < r < 10 for r in ratios)

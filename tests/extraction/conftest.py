"""A small real pipeline for the component and CLI tests: blank zh (project tokenizer,
char segmenter) + an entity_ruler built from gold spans of the seeds + indicator_extractor."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "corpus" / "annotations"


def build_ruler_pipeline(docs=("002",)):
    import spacy

    from govreport.annotation.gold import load_gold

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "char"}}})
    ruler = nlp.add_pipe("entity_ruler")
    patterns = {(s.text[a:b], label) for s in load_gold(GOLD) if s.doc in docs for a, b, label in s.spans}
    # the sentences the tests quote, whatever state the gold files are in
    patterns |= {("地区生产总值", "INDICATOR"), ("113.6亿元", "VALUE"), ("5%", "PERCENT"), ("朝阳县", "PLACE")}
    ruler.add_patterns([{"label": label, "pattern": text} for text, label in sorted(patterns)])
    nlp.add_pipe("indicator_extractor")
    return nlp


@pytest.fixture(scope="session")
def ruler_nlp():
    return build_ruler_pipeline()


@pytest.fixture(scope="session")
def ruler_model(tmp_path_factory, ruler_nlp):
    path = tmp_path_factory.mktemp("pipeline") / "ruler"
    ruler_nlp.to_disk(path)
    return path

import subprocess
import sys

import pytest

from ..conftest import ROOT


@pytest.mark.parametrize("config", ["ner.cfg", "ner-without-table.cfg", "spancat.cfg", "experiments/ner-charvec.cfg", "ner-context.cfg",
                                    "experiments/ner-sentence-lstm.cfg"])
def test_config_validates(config):
    result = subprocess.run([sys.executable, "-m", "spacy", "debug", "config", str(ROOT / "configs" / config)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Config is valid" in result.stdout


def test_the_assembled_pipeline_cuts_and_features_tokens_as_the_ner_was_trained():
    """configs/pipeline.cfg has its own [nlp.tokenizer]: a setting that differs from the NER's training config
    (segmenter, punctuation split, SUFFIX length) would feed the model features it never saw."""
    from spacy.util import load_config

    trained = load_config(ROOT / "configs" / "ner.cfg")["nlp"]["tokenizer"]
    assembled = load_config(ROOT / "configs" / "pipeline.cfg")["nlp"]["tokenizer"]
    assert assembled == trained

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


@pytest.mark.parametrize("config", ["ner.cfg", "ner-without-table.cfg", "ner-context.cfg", "spancat.cfg", "pretrain.cfg",
                                    "experiments/ner-charvec.cfg", "experiments/ner-sentence-lstm.cfg"])
def test_a_config_trains_as_crossval_trains_its_folds(config):
    """`all` trains from the config; crossval overrides steps, dev reads and patience in every fold. Where they
    differ (until the thirtieth session `all` read its dev report every 200 steps, crossval every 600), the
    cross-validated figures describe a model chosen otherwise than the one shipped."""
    from spacy.util import load_config

    from govreport.training.crossval import config_max_steps, model_overrides

    training = load_config(ROOT / "configs" / config, interpolate=False)["training"]
    folds = model_overrides(config_max_steps(ROOT / "configs" / config), 8)["ner"]
    assert {key: training[key.split(".", 1)[1]] for key in folds} == folds


def test_the_project_cross_validates_the_steps_it_ships():
    """`spacy project run crossval` must measure the configuration `all` trains: the same steps and dev reads."""
    import srsly

    from govreport.training.crossval import config_max_steps, model_overrides

    project_vars = srsly.read_yaml(ROOT / "project.yml")["vars"]
    assert project_vars["crossval_steps"] == project_vars["ner_max_steps"] == config_max_steps(ROOT / "configs" / "ner.cfg")
    assert project_vars["eval_frequency"] == model_overrides(project_vars["ner_max_steps"], 8)["ner"]["training.eval_frequency"]

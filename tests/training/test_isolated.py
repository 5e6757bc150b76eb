"""Training in a child process: the same model as in the command's own process, and failures named."""

from pathlib import Path

import pytest
import spacy
from spacy.cli.init_config import init_config
from spacy.cli.train import train
from spacy.tokens import DocBin

from govreport.errors import GovreportError
from govreport.training.isolated import train_in_child

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A blank English NER config and a few sentences: the smallest real training spaCy runs."""
    tmp = tmp_path_factory.mktemp("isolated")
    config = tmp / "ner.cfg"
    init_config(lang="en", pipeline=["ner"], optimize="efficiency").to_disk(config)
    nlp = spacy.blank("en")
    docs = []
    for text, value in [("GDP grew to 113 billion yuan", "113 billion yuan"), ("Investment reached 54 billion", "54 billion"),
                        ("Exports rose by 3 percent", "3 percent")]:
        doc = nlp(text)
        doc.ents = [doc.char_span(text.index(value), text.index(value) + len(value), label="VALUE")]
        docs.append(doc)
    DocBin(docs=docs).to_disk(tmp / "corpus.spacy")
    overrides = {"paths.train": str(tmp / "corpus.spacy"), "paths.dev": str(tmp / "corpus.spacy"),
                 "training.max_steps": 6, "training.eval_frequency": 3, "components.tok2vec.model.encode.width": 16,
                 "components.tok2vec.model.embed.width": 16}
    return tmp, config, overrides


def test_a_child_trains_the_model_the_commands_own_process_trains(tiny):
    tmp, config, overrides = tiny
    train_in_child(config, tmp / "child", overrides=overrides)
    train(config, tmp / "parent", overrides=overrides)
    for part in ("ner/model", "tok2vec/model"):
        child, parent = ((tmp / run / "model-last" / part).read_bytes() for run in ("child", "parent"))
        assert child == parent, part
    assert (tmp / "child" / "model-best" / "meta.json").exists()


def test_a_training_that_fails_in_the_child_names_its_config_and_output(tiny, tmp_path):
    tmp, config, overrides = tiny
    with pytest.raises(GovreportError, match=r"ner\.cfg into .*broken.*exit code 1"):
        train_in_child(config, tmp_path / "broken", overrides={**overrides, "paths.train": str(tmp_path / "missing.spacy")})


CHILD_THAT_WAITS = """
import os, sys, time
from govreport.training.isolated import exit_with_parent
exit_with_parent(poll_seconds=0.1)
print(os.getpid(), flush=True)
time.sleep(60)
"""
PARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
print(child.stdout.readline().strip(), flush=True)
child.wait()
"""


def test_a_child_ends_when_its_parent_is_killed_alone():
    import os
    import signal
    import subprocess
    import sys
    import time

    parent = subprocess.Popen([sys.executable, "-c", PARENT, CHILD_THAT_WAITS], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)  # the parent alone, as `kill PID` does; not its process group
    parent.wait()
    for _ in range(100):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the child outlived its killed parent by 10 seconds")

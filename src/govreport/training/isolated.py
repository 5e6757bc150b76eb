"""spaCy's training in a child process of its own, one model at a time.

Why: cross-validation and the learning curve train five to twenty models in
one command, and that command's process grew to 9 GB (the nineteenth
session's learning curve, killed by the kernel; docs/experiments.md, rounds
25 and 26). Whatever a training leaves behind in a process (its corpus, its
vector table, what the allocator keeps), a child process returns it to the
operating system when it ends, so the command never holds more than one
training. The child is spawned, not forked: it starts from a clean
interpreter, as ``spacy train`` on the command line does, and the result is
the same model (spaCy seeds every training from its config; a test compares
the bytes). The child ends when the command does: killed by its process id
alone, the command would otherwise leave its training running as an orphan
(``exit_with_parent``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Union

from ..errors import GovreportError


def train_in_child(config_path: Union[str, Path], output_path: Union[str, Path], *,
                   overrides: Optional[Mapping[str, Any]] = None) -> None:
    """``spacy.cli.train.train(config_path, output_path, overrides=...)`` in a spawned child process.

    spaCy's own messages reach the same terminal. A training that fails (a bad
    config, a missing asset, the kernel's OOM killer) raises a GovreportError
    naming the config, the output folder and the child's exit code.
    """
    child = multiprocessing.get_context("spawn").Process(
        target=_train, args=(str(config_path), str(output_path), dict(overrides or {})), name=f"train {output_path}")
    child.start()
    child.join()
    if child.exitcode != 0:
        raise GovreportError(f"training {config_path} into {output_path} failed in its child process "
                             f"(exit code {child.exitcode}); spaCy's messages are above")


def exit_with_parent(poll_seconds: float = 1.0) -> threading.Thread:
    """End this process as soon as its parent has gone (it is then adopted by another process).

    A signal to the command's process group reaches the child anyway; this is
    for the command killed alone, by its process id."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(1)

    watcher = threading.Thread(target=watch, name="exit with parent", daemon=True)
    watcher.start()
    return watcher


def _train(config_path: str, output_path: str, overrides: Dict[str, Any]) -> None:
    from spacy.cli.train import train

    exit_with_parent()
    from . import pretraining  # noqa: F401  registers the objective of configs/pretrain.cfg, as the crossval command does

    train(Path(config_path), Path(output_path), overrides=overrides)

import subprocess
import sys

import pytest

from ..conftest import ROOT


@pytest.mark.parametrize("config", ["ner.cfg", "spancat.cfg"])
def test_config_validates(config):
    result = subprocess.run([sys.executable, "-m", "spacy", "debug", "config", str(ROOT / "configs" / config)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Config is valid" in result.stdout

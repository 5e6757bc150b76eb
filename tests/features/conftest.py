import pytest
import spacy


@pytest.fixture
def reloaded(tmp_path, monkeypatch):
    """A pipeline saved to disk and loaded again from another working directory (no assets folder there)."""
    def reload(nlp):
        nlp.to_disk(tmp_path / "nlp")
        monkeypatch.chdir(tmp_path)
        return spacy.load(tmp_path / "nlp")

    return reload

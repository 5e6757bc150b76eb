"""load_pipeline: what the extracting processes (command line, Dask workers, benchmark) load."""

import gc

import pytest

from govreport.errors import GovreportError
from govreport.extraction.reports import load_pipeline


def test_load_pipeline_freezes_the_loaded_tables(ruler_model):
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    nlp = load_pipeline(ruler_model)
    try:
        # the pipeline's objects are in the permanent generation: full collections no longer walk them
        assert gc.get_freeze_count() > 0
        assert gc.is_tracked(nlp) and not any(obj is nlp for obj in gc.get_objects())
        assert nlp("地区生产总值113.6亿元,增长5%。")._.indicators
    finally:
        gc.unfreeze()


def test_load_pipeline_names_a_missing_model(tmp_path):
    with pytest.raises(GovreportError, match="model not found"):
        load_pipeline(tmp_path / "nothing")

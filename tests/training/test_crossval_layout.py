"""Fold layouts and the calibration table of the cross-validation."""

import pytest

from govreport.training.crossval import folds_for, reliability
from govreport.training.splits import province

PROVINCE = {"000": "辽宁省", "001": "辽宁省", "003": "重庆市", "110": "河北省", "122": "河北省"}


def test_province_of_a_manifest_row():
    assert province("辽宁省盘锦市") == "辽宁省"
    assert province("重庆市") == "重庆市"
    assert province("河北省保定市") == "河北省"
    assert province("内蒙古自治区包头市") == "内蒙古自治区"


def test_every_province_is_the_test_set_once_and_never_trains_on_itself():
    folds = folds_for("provinces", list(PROVINCE), PROVINCE)
    assert sorted(f["group"] for f in folds) == ["河北省", "辽宁省", "重庆市"]
    for fold in folds:
        tested = {PROVINCE[d] for d in fold["test"]}
        assert tested == {fold["group"]}
        assert not tested & {PROVINCE[d] for d in fold["train"] + fold["dev"]}
        assert sorted(fold["train"] + fold["dev"] + fold["test"]) == sorted(PROVINCE)


def test_province_folds_draw_dev_from_the_extra_reports_where_any_are_left():
    folds = {f["group"]: f for f in folds_for("provinces", list(PROVINCE), PROVINCE)}  # default: train_only
    for group in ("辽宁省", "重庆市"):  # an extra report is dev, so every seed report of the other provinces trains
        assert folds[group]["dev"][0] in {"110", "122"} and folds[group]["dev_from"] == "train_only"
        assert {d for d in ("000", "001", "003") if PROVINCE[d] != group} <= set(folds[group]["train"])
    hebei = folds["河北省"]  # the extra reports are its test set: dev falls back to a seed report, and says so
    assert hebei["dev"][0] in {"000", "001", "003"} and hebei["dev_from"] == "rest"
    rest = folds_for("provinces", list(PROVINCE), PROVINCE, dev_from="rest")
    assert all(f["dev"][0] < "100" and f["dev_from"] == "rest" for f in rest)
    with pytest.raises(ValueError, match="dev_from"):
        folds_for("provinces", list(PROVINCE), PROVINCE, dev_from="test")


def test_report_folds_test_each_seed_report_once_and_extras_never_test():
    docs = ["000", "001", "002", "110", "122"]
    folds = folds_for("reports", docs, {})  # the default: dev is an extra report, every other seed report trains
    assert sorted(d for f in folds for d in f["test"]) == ["000", "001", "002"]
    assert all(f["dev"][0] in {"110", "122"} and len([d for d in f["train"] if d < "100"]) == 2 for f in folds)
    rest = folds_for("reports", docs, {}, dev_from="rest")
    assert all({"110", "122"} <= set(f["train"]) and f["dev"][0] < "100" for f in rest)


def test_reliability_bins_count_and_score():
    pairs = [(0.95, True), (0.97, True), (0.96, False), (0.3, False), (0.99, True)]
    table = {b["low"]: b for b in reliability(pairs)}
    assert table[0.95]["n"] == 4 and table[0.95]["correct"] == 0.75
    assert table[0.0]["n"] == 1 and table[0.0]["correct"] == 0.0


def test_indicators_from_one_system_the_rest_from_another():
    from govreport.training.crossval import indicators_from

    spancat = lambda texts: [([(0, 6, "INDICATOR"), (2, 6, "INDICATOR"), (6, 10, "INDICATOR"), (12, 14, "PLACE")], [])]
    shipped = lambda texts: [([(2, 6, "INDICATOR"), (6, 12, "VALUE"), (12, 14, "PLACE")], [(6, 12, "VALUE")])]
    (spans, rules), = indicators_from(spancat, shipped)(["地区生产总值113.6亿元朝阳"])
    assert spans == [(0, 6, "INDICATOR"), (6, 12, "VALUE"), (12, 14, "PLACE")]  # spancat's overlapping INDICATORs lose
    assert rules == [(6, 12, "VALUE")]


def test_fold_systems_load_no_model_until_each_is_read(tmp_path):
    """run_fold holds one loaded pipeline at a time: making the table of systems loads nothing."""
    from govreport.training.crossval import fold_systems

    systems = fold_systems({"ner": tmp_path / "not-trained-yet", "spancat": tmp_path / "nor-this"}, gazetteer=None)
    assert {"ner", "ner+shipped", "spancat", "spancat INDICATOR+shipped", "rules"} <= set(systems)
    with pytest.raises(OSError, match="not-trained-yet"):
        systems["ner+shipped"]()

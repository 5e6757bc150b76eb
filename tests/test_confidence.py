"""Record confidence: its features read what they say, and the calibrator learns and travels as JSON."""

import random

import pytest

from govreport.confidence import FEATURES, RecordCalibrator, fit_calibrator, held_out_confidence, record_confidence, relation_features

TEXT = "新建高标准农田20万亩,粮食产量增长3%。"
IND = (2, 7, "INDICATOR")
VALUE = (7, 11, "VALUE")
SPANS = [IND, VALUE, (12, 16, "INDICATOR"), (18, 20, "PERCENT")]


def _features(relation, rule_spans=(), spans=SPANS):
    return dict(zip(FEATURES, relation_features(TEXT, relation, spans, list(rule_spans))))


def test_features_read_the_sentence():
    f = _features((VALUE, IND, "value_of"), rule_spans=[IND, (7, 11, "VALUE")])
    assert f["indicator_in_rules"] == 1 and f["figure_in_rules"] == 1 and f["indicator_overlaps_rules"] == 0
    assert f["adjacent"] == 1 and f["before_figure"] == 1 and f["change"] == 0 and f["figure_first"] == 0
    assert f["starts_with_cut_word"] == 0 and f["after_punctuation"] == 0  # 新建 stays outside this span: a Han char before it
    g = _features((VALUE, IND, "value_of"), rule_spans=[(0, 7, "INDICATOR")])
    assert g["indicator_in_rules"] == 0 and g["indicator_overlaps_rules"] == 1 and g["figure_in_rules"] == 0
    h = _features(((18, 20, "PERCENT"), (12, 16, "INDICATOR"), "change_of"))
    assert h["change"] == 1 and h["adjacent"] == 0 and h["after_punctuation"] == 1 and h["lexicon_head"] == 1  # 粮食产量


def _rows(n=400, seed=0):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        agrees = rng.random() < 0.5
        features = [0.0] * len(FEATURES)
        features[FEATURES.index("indicator_in_rules")] = float(agrees)
        rows.append({"features": features, "correct": rng.random() < (0.95 if agrees else 0.4), "fold": i % 4, "doc": str(i % 8)})
    return rows


def test_calibrator_learns_and_round_trips():
    rows = _rows()
    calibrator = fit_calibrator(rows, c=1.0)
    agree = [0.0] * len(FEATURES)
    agree[FEATURES.index("indicator_in_rules")] = 1.0
    high, low = calibrator.probability_of(agree), calibrator.probability_of([0.0] * len(FEATURES))
    assert 0.85 < high < 1.0 and 0.25 < low < 0.55
    again = RecordCalibrator.from_dict(calibrator.to_dict())
    assert again.probability_of(agree) == pytest.approx(high)
    assert again.meta["rows"] == len(rows)


def test_held_out_confidence_never_scores_a_row_with_its_own_fold():
    rows = _rows()
    flipped = [dict(r, correct=not r["correct"]) if r["fold"] == 0 else r for r in rows]  # fold 0 says the opposite
    confidence = held_out_confidence(flipped, "fold", c=1.0)
    agree = [c for c, r in zip(confidence, flipped) if r["fold"] == 0 and r["features"][FEATURES.index("indicator_in_rules")]]
    assert min(agree) > 0.8  # fitted on folds 1-3 only: it cannot have learned fold 0's reversal


def test_unknown_features_and_one_class_are_errors():
    with pytest.raises(ValueError, match="unknown features"):
        RecordCalibrator.from_dict({"weights": {"beam": 1.0}, "intercept": 0.0})
    with pytest.raises(ValueError, match="correct and wrong"):
        fit_calibrator([{"features": [0.0] * len(FEATURES), "correct": True}] * 3)


def test_record_confidence_is_the_weaker_relation():
    assert record_confidence([0.91, 0.62]) == 0.62
    assert record_confidence([]) is None

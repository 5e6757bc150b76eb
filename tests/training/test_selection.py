"""Ranking candidate reports: disagreement, uncertainty and density each push a report up."""

from govreport.training.selection import disagreement, rank_reports, report_signs


def test_disagreement_is_zero_for_identical_and_one_for_disjoint_predictions():
    a = [[(0, 2, "INDICATOR"), (2, 5, "VALUE")]]
    assert disagreement(a, a) == 0.0
    assert disagreement(a, [[(6, 8, "PLACE")]]) == 1.0


def test_signs_of_a_report():
    texts = ["地区生产总值113.6亿元", "朝阳县新建桥梁5座"]
    ner = [[(0, 6, "INDICATOR"), (6, 14, "VALUE")], [(0, 3, "PLACE"), (5, 7, "INDICATOR"), (7, 9, "VALUE")]]
    spancat = [[(0, 6, "INDICATOR", 0.95), (6, 14, "VALUE", 0.99)], [(0, 3, "PLACE", 0.4), (3, 7, "INDICATOR", 0.7), (7, 9, "VALUE", 0.97)]]
    rules = [[(0, 6, "INDICATOR"), (6, 14, "VALUE")], [(0, 3, "PLACE"), (3, 7, "INDICATOR"), (7, 9, "VALUE")]]
    signs = report_signs("900", texts, ner, spancat, rules).signs
    assert signs["uncertain"] == 1.0  # two unsure spans over two sentences
    assert signs["hard_density"] == 1.5  # PLACE + 2 INDICATOR over two sentences
    assert 0 < signs["ner_vs_spancat"] < 1 and 0 < signs["ner_vs_rules"] < 1


def test_the_report_the_models_disagree_on_ranks_first():
    texts = ["地区生产总值113.6亿元"]
    sure = [[(0, 6, "INDICATOR"), (6, 14, "VALUE")]]
    easy = report_signs("easy", texts, sure, [[(0, 6, "INDICATOR", 0.99), (6, 14, "VALUE", 0.99)]], sure)
    hard = report_signs("hard", texts, sure, [[(0, 4, "INDICATOR", 0.6), (6, 14, "PERCENT", 0.5)]], [[(2, 6, "PLACE")]])
    assert [r.doc for r in rank_reports([easy, hard])] == ["hard", "easy"]


def test_low_confidence_is_a_sign_only_when_every_report_has_it():
    texts = ["地区生产总值113.6亿元"]
    sure = [[(0, 6, "INDICATOR"), (6, 14, "VALUE")]]
    spans = [[(0, 6, "INDICATOR", 0.99), (6, 14, "VALUE", 0.99)]]
    calm = report_signs("calm", texts, sure, spans, sure, confidences=[0.95, 0.91])
    doubtful = report_signs("doubtful", texts, sure, spans, sure, confidences=[0.95, 0.4, None])
    assert (calm.signs["low_confidence"], doubtful.signs["low_confidence"]) == (0.0, 0.5)
    assert [r.doc for r in rank_reports([calm, doubtful])] == ["doubtful", "calm"]
    plain = report_signs("plain", texts, sure, spans, sure)
    assert "low_confidence" not in plain.signs
    assert [r.doc for r in rank_reports([plain])] == ["plain"]

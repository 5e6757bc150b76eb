from govreport.annotation.scoring import label_confusion, score_spans


def test_exact_and_overlap_scores_are_computed_exactly():
    gold = [[(0, 6, "INDICATOR"), (8, 14, "VALUE")], [(2, 4, "PERCENT")]]
    pred = [[(0, 4, "INDICATOR"), (8, 14, "VALUE"), (15, 17, "PLACE")], [(2, 4, "PERCENT")]]
    exact = score_spans(gold, pred)
    assert exact["VALUE"]["f"] == 1.0 and exact["INDICATOR"]["f"] == 0.0
    assert exact["micro"]["p"] == 0.5 and exact["micro"]["r"] == round(2 / 3, 4)
    overlap = score_spans(gold, pred, overlap=True)
    assert overlap["INDICATOR"]["f"] == 1.0
    assert overlap["micro"]["tp"] == 3 and overlap["micro"]["pred"] == 4


def test_overlap_is_one_to_one():
    gold = [[(0, 2, "VALUE"), (3, 5, "VALUE")]]
    pred = [[(0, 5, "VALUE")]]
    assert score_spans(gold, pred, overlap=True)["VALUE"]["tp"] == 1


def test_confusion_matrix_counts_characters():
    result = label_confusion(["地区生产总值5亿元"], [[(0, 6, "INDICATOR"), (6, 9, "VALUE")]], [[(0, 6, "INDICATOR")]])
    labels, matrix = result["labels"], result["matrix"]
    assert matrix[labels.index("INDICATOR")][labels.index("INDICATOR")] == 6
    assert matrix[labels.index("VALUE")][labels.index("O")] == 3


def test_correction_rate_counts_changed_and_missing_suggestions():
    from govreport.annotation.scoring import correction_rate

    gold = [[(0, 6, "INDICATOR"), (6, 14, "VALUE"), (15, 18, "PLACE")]]
    suggested = [[(0, 4, "INDICATOR"), (6, 14, "VALUE")]]  # one cut wrongly, one right, the place missed
    rel_gold = [[((6, 14, "VALUE"), (0, 6, "INDICATOR"), "value_of")]]
    rel_sugg = [[((6, 14, "VALUE"), (0, 4, "INDICATOR"), "value_of")]]
    rate = correction_rate(gold, suggested, rel_gold, rel_sugg)
    assert rate["INDICATOR"]["changed_or_deleted"] == 1.0 and rate["INDICATOR"]["gold_without_suggestion"] == 1.0
    assert rate["VALUE"]["changed_or_deleted"] == 0.0
    assert rate["PLACE"] == {"suggested": 0, "gold": 1, "changed_or_deleted": 0.0, "gold_without_suggestion": 1.0}
    assert rate["micro"]["changed_or_deleted"] == 0.5 and round(rate["micro"]["gold_without_suggestion"], 3) == 0.667
    assert rate["relations"]["changed_or_deleted"] == 1.0

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

from govreport.training.splits import grouped_split, leave_one_document_out


def test_grouped_split_keeps_documents_whole():
    docs = ["000"] * 5 + ["001"] * 7 + ["002"] * 3 + ["003"] * 4 + ["004"] * 6
    split = grouped_split(docs, seed=0)
    assert sorted(split["train"] + split["dev"] + split["test"]) == ["000", "001", "002", "003", "004"]
    assert len(split["test"]) == 1 and len(split["dev"]) == 1
    assert split == grouped_split(docs, seed=0)


def test_leave_one_document_out():
    folds = leave_one_document_out(["a", "b", "c", "a"])
    assert [f["test"] for f in folds] == [["a"], ["b"], ["c"]]
    for f in folds:
        assert not set(f["test"]) & set(f["train"] + f["dev"])
        assert set(f["train"] + f["dev"] + f["test"]) == {"a", "b", "c"}


def test_extra_reports_always_train():
    docs = ["000", "001", "002", "110", "122"]
    split = grouped_split(docs, seed=3, train_only=["110", "122"])
    assert {"110", "122"} <= set(split["train"]) and not {"110", "122"} & set(split["dev"] + split["test"])
    folds = leave_one_document_out(docs, train_only=["110", "122"])
    assert [f["test"] for f in folds] == [["000"], ["001"], ["002"]]
    assert all({"110", "122"} <= set(f["train"]) for f in folds)

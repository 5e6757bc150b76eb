import pytest

from govreport.training.splits import grouped_split, leave_one_document_out


def test_grouped_split_keeps_documents_whole():
    docs = ["000"] * 5 + ["001"] * 7 + ["002"] * 3 + ["003"] * 4 + ["004"] * 6
    split = grouped_split(docs, seed=0, dev_from="rest")
    assert sorted(split["train"] + split["dev"] + split["test"]) == ["000", "001", "002", "003", "004"]
    assert len(split["test"]) == 1 and len(split["dev"]) == 1
    assert split == grouped_split(docs, seed=0, dev_from="rest")


def test_leave_one_document_out():
    folds = leave_one_document_out(["a", "b", "c", "a"], dev_from="rest")
    assert [f["test"] for f in folds] == [["a"], ["b"], ["c"]]
    for f in folds:
        assert not set(f["test"]) & set(f["train"] + f["dev"])
        assert set(f["train"] + f["dev"] + f["test"]) == {"a", "b", "c"}


def test_extra_reports_always_train():
    docs = ["000", "001", "002", "110", "122"]
    split = grouped_split(docs, seed=3, train_only=["110", "122"], dev_from="rest")
    assert {"110", "122"} <= set(split["train"]) and not {"110", "122"} & set(split["dev"] + split["test"])
    folds = leave_one_document_out(docs, train_only=["110", "122"], dev_from="rest")
    assert [f["test"] for f in folds] == [["000"], ["001"], ["002"]]
    assert all({"110", "122"} <= set(f["train"]) for f in folds)


def test_dev_from_train_only_keeps_every_other_testable_document_training():
    docs = ["000", "001", "002", "110", "122"]
    folds = leave_one_document_out(docs, train_only=["110", "122"], dev_from="train_only")
    assert [f["test"] for f in folds] == [["000"], ["001"], ["002"]]
    for f in folds:
        assert f["dev"][0] in {"110", "122"}
        assert set(f["train"]) == set(docs) - set(f["dev"]) - set(f["test"])
    assert folds == leave_one_document_out(docs, train_only=["110", "122"])  # the default since round 28
    rest = leave_one_document_out(docs, train_only=["110", "122"], dev_from="rest")
    assert all(f["dev"][0] in {"000", "001", "002"} and {"110", "122"} <= set(f["train"]) for f in rest)


def test_grouped_split_dev_from_train_only_trains_every_other_seed_report():
    docs = ["000", "001", "002", "003", "110", "122", "124"]
    train_only = ["110", "122", "124"]
    before = grouped_split(docs, seed=0, train_only=train_only, dev_from="rest")
    split = grouped_split(docs, seed=0, train_only=train_only, dev_from="train_only")
    assert split["test"] == before["test"]  # the held-out report does not depend on where dev comes from
    assert len(split["dev"]) == 1 and split["dev"][0] in train_only
    assert set(split["train"]) == set(docs) - set(split["dev"]) - set(split["test"])
    assert split == grouped_split(docs, seed=0, train_only=train_only)  # the default since round 28
    with pytest.raises(ValueError, match="train-only"):
        grouped_split(["000", "001", "002", "110"], train_only=["110"], dev_from="train_only", dev_docs=2)


def test_dev_from_is_checked():
    with pytest.raises(ValueError, match="dev_from"):
        leave_one_document_out(["000", "001"], dev_from="seeds")
    with pytest.raises(ValueError, match="train-only"):
        leave_one_document_out(["000", "001", "002"], dev_from="train_only")
    with pytest.raises(ValueError, match="dev_from"):
        grouped_split(["000", "001", "002"], dev_from="seeds")

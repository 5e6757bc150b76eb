"""Extra copies of training sentences: mention replacement (training.augment, training.corpus.indicator_augmenter) and
the seed reports' weight (training.corpus.seed_report_augmenter)."""

import random

from govreport.annotation.gold import GoldSentence
from govreport.training.augment import indicator_pool, replace_mentions, substitute_indicators
from govreport.training.corpus import combined, indicator_augmenter, seed_report_augmenter

TRAIN = [
    GoldSentence("a-1", "a", "新建换热站125个,改造管网30公里", ((2, 5, "INDICATOR"), (5, 9, "VALUE"), (12, 14, "INDICATOR"), (14, 18, "VALUE")),
                 ((2, 5, 5, 9, "value_of"),), "reviewed"),
    GoldSentence("a-2", "a", "盘锦市新增绿地12公顷", ((0, 3, "PLACE"), (3, 7, "INDICATOR"), (7, 11, "VALUE")), (), "reviewed"),
    GoldSentence("a-3", "a", "经济运行回升向好。", (), (), "reviewed"),
]


def test_pool_groups_training_indicators_by_length():
    assert indicator_pool(TRAIN) == {3: ["换热站"], 2: ["管网"], 4: ["新增绿地"]}


def test_copy_swaps_every_indicator_for_one_of_the_same_length_and_keeps_the_rest():
    pool = {3: ["污水厂"], 2: ["桥梁"]}
    copy = substitute_indicators(TRAIN[0], pool, random.Random(0), "i0")
    assert copy.text == "新建污水厂125个,改造桥梁30公里"
    assert [(copy.text[s:e], label) for s, e, label in copy.spans] == [
        ("污水厂", "INDICATOR"), ("125个", "VALUE"), ("桥梁", "INDICATOR"), ("30公里", "VALUE")]
    assert copy.sentence_id == "a-1#i0" and copy.doc == "a" and copy.relations == ()  # copies train entities only


def test_a_length_with_no_other_indicator_keeps_its_own_and_a_sentence_without_one_gives_none():
    copy = substitute_indicators(TRAIN[1], {3: ["污水厂"]}, random.Random(0), "i0")
    assert copy.text == TRAIN[1].text
    assert substitute_indicators(TRAIN[2], {3: ["污水厂"]}, random.Random(0), "i0") is None


def test_replacements_of_another_length_move_the_later_offsets():
    copy = replace_mentions(TRAIN[1], "PLACE", lambda name: "大洼区清水镇", "p0")
    assert [(copy.text[s:e], label) for s, e, label in copy.spans] == [
        ("大洼区清水镇", "PLACE"), ("新增绿地", "INDICATOR"), ("12公顷", "VALUE")]


def test_augmenter_draws_only_from_the_sentences_it_is_given():
    extra = indicator_augmenter(TRAIN[:1], copies=2, seed=0)
    copies = extra(TRAIN[1])  # 新增绿地 (4 characters) has no other 4-character indicator in TRAIN[:1]
    assert [c.text for c in copies] == [TRAIN[1].text, TRAIN[1].text]
    assert [c.sentence_id for c in copies] == ["a-2#i0", "a-2#i1"]
    assert list(indicator_augmenter(TRAIN, copies=0, seed=0)(TRAIN[0])) == []


SEED = GoldSentence("001-0007", "001", "新增城镇就业3894人", ((0, 6, "INDICATOR"), (6, 11, "VALUE")), (((6, 11, "VALUE"), (0, 6, "INDICATOR"), "value_of"),), "reviewed")
EXTRA_REPORT = GoldSentence("101-0003", "101", "新增城镇就业800人", ((0, 6, "INDICATOR"), (6, 10, "VALUE")), (), "reviewed")


def test_seed_report_copies_alternate_scripts_keep_the_gold_and_skip_the_extra_reports():
    copies = list(seed_report_augmenter(3)(SEED))
    assert [c.text for c in copies] == ["新增城镇就业3894人", "新增城鎮就業3894人", "新增城镇就业3894人"]
    assert [c.sentence_id for c in copies] == ["001-0007#w0", "001-0007#t#w1", "001-0007#w2"]
    assert all(c.spans == SEED.spans and c.relations == SEED.relations and c.doc == "001" for c in copies)
    assert list(seed_report_augmenter(3)(EXTRA_REPORT)) == []
    assert list(seed_report_augmenter(0)(SEED)) == []


def test_combined_yields_the_copies_of_each_augmenter_in_turn():
    both = combined(indicator_augmenter(TRAIN[:1], copies=1, seed=0), seed_report_augmenter(2))
    assert [c.sentence_id for c in both(SEED)] == ["001-0007#i0", "001-0007#w0", "001-0007#t#w1"]
    assert [c.sentence_id for c in both(EXTRA_REPORT)] == ["101-0003#i0"]

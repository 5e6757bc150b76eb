"""The place filter: features of a gazetteer PLACE match in its context, a fitted filter, and rule_labels using it."""

import pytest
import spacy

from govreport.decoding import RULE_CHARS_ATTR, RULES_KEY, RuleLabels, read_place_filter
from govreport.errors import GovreportError
from govreport.place_filter import PlaceFilter, candidates, fit_place_filter, place_features


def _doc(text, rules):
    doc = spacy.blank("zh").make_doc(text)
    doc.spans[RULES_KEY] = [doc.char_span(a, b, label=label, alignment_mode="expand") for a, b, label in rules]
    doc.spans[RULES_KEY].attrs[RULE_CHARS_ATTR] = [[a, b, label] for a, b, label in rules]
    return doc


def test_features_read_the_context_of_the_match():
    text = "建设更高水平的“平安营口”,在营口市举办"
    doc = _doc(text, [(10, 12, "PLACE"), (15, 18, "PLACE")])
    quoted = place_features(doc, 10, 12)
    plain = place_features(doc, 15, 18)
    assert quoted["inside_quotes"] == 1.0 and quoted["char_before=安"] == 1.0 and quoted["length=2"] == 1.0
    assert "inside_quotes" not in plain
    assert plain["suffix=市"] == 1.0 and plain["char_before=在"] == 1.0 and plain["chars_after=举办"] == 1.0


def test_both_scripts_give_the_same_features():
    simplified = _doc("在营口举办冰雪节", [(1, 3, "PLACE")])
    traditional = _doc("在營口舉辦冰雪節", [(1, 3, "PLACE")])
    assert place_features(simplified, 1, 3) == place_features(traditional, 1, 3)


def _rows():
    """Places after 在 are places; the same names inside quotes are slogans (the spec: not PLACE)."""
    rows = []
    for name in ("营口", "盘锦", "朝阳", "梁平", "大洼", "保定"):
        for text, start, gold in ((f"在{name}建设", 1, True), (f"“平安{name}”", 3, False)):
            doc = _doc(text, [(start, start + 2, "PLACE")])
            rows.extend(candidates(doc, [(start, start + 2, "PLACE")], [(start, start + 2)] if gold else []))
    return rows


def test_a_fitted_filter_keeps_places_and_drops_slogans_and_survives_a_round_trip():
    place_filter = fit_place_filter(_rows(), c=10.0, threshold=0.5)
    assert place_filter.meta["candidates"] == 12 and place_filter.meta["gold"] == 6
    kept = _doc("在铁岭建设", [(1, 3, "PLACE")])
    slogan = _doc("“平安铁岭”", [(3, 5, "PLACE")])
    assert place_filter.keeps(kept, 1, 3) and not place_filter.keeps(slogan, 3, 5)
    again = PlaceFilter.from_dict(place_filter.to_dict())
    assert again.probability(place_features(kept, 1, 3)) == pytest.approx(place_filter.probability(place_features(kept, 1, 3)))


def test_fitting_needs_both_kinds_of_match():
    with pytest.raises(ValueError, match="are and are not gold"):
        fit_place_filter([r for r in _rows() if r[1]])


def test_weights_change_the_fit_and_must_match_the_rows():
    rows = _rows()
    heavy_places = [3.0 if gold else 1.0 for _, gold in rows]
    kept = _doc("在铁岭建设", [(1, 3, "PLACE")])
    plain, weighed = fit_place_filter(rows, c=10.0), fit_place_filter(rows, c=10.0, row_weights=heavy_places)
    assert weighed.probability(place_features(kept, 1, 3)) > plain.probability(place_features(kept, 1, 3))
    with pytest.raises(ValueError, match="2 weights for 12 gazetteer matches"):
        fit_place_filter(rows, row_weights=[1.0, 1.0])


def test_rule_labels_drop_the_places_the_filter_rejects_and_keep_the_filter_in_the_pipeline(tmp_path):
    nlp = spacy.blank("zh")
    labels = nlp.add_pipe("govreport_rule_labels")
    labels.place_filter = fit_place_filter(_rows(), c=10.0, threshold=0.5)
    doc = _doc("在铁岭建设“平安铁岭”", [(1, 3, "PLACE"), (8, 10, "PLACE")])
    assert [(e.start_char, e.end_char) for e in labels(doc).ents] == [(1, 3)]
    nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp").get_pipe("govreport_rule_labels")
    assert loaded.place_filter is not None and loaded.place_filter.weights == pytest.approx(labels.place_filter.weights)
    copy = RuleLabels().from_bytes(labels.to_bytes())
    assert copy.place_filter.intercept == labels.place_filter.intercept
    assert RuleLabels().from_bytes(RuleLabels().to_bytes()).place_filter is None


def test_a_missing_or_broken_place_filter_file_is_named(tmp_path):
    with pytest.raises(GovreportError, match="no place filter there"):
        read_place_filter(tmp_path / "absent.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"weights": {}}', encoding="utf-8")
    with pytest.raises(GovreportError, match="broken.json: not a place filter"):
        RuleLabels().initialize(place_filter=broken)


def test_an_organ_of_government_or_a_report_title_after_the_name_is_seen():
    organ = _doc("现在,我代表涞水县人民政府,向大会报告", [(6, 9, "PLACE")])
    committee = _doc("中共容城县委十三届四次全会", [(2, 5, "PLACE")])
    title = _doc("朝阳县2023年政府工作报告", [(0, 3, "PLACE")])
    place = _doc("朝阳县成为全国重要的有色金属基地", [(0, 3, "PLACE")])
    assert place_features(organ, 6, 9)["organ_after"] == 1.0
    assert place_features(committee, 2, 5)["organ_after"] == 1.0
    assert place_features(title, 0, 3)["year_after"] == 1.0
    assert not {"organ_after", "year_after"} & set(place_features(place, 0, 3))


def test_lac_features_say_how_lac_words_meet_the_match():
    from govreport.place_filter import lac_features

    words = [(0, 1, "p"), (1, 3, "LOC"), (3, 7, "ORG"), (7, 9, "n")]
    assert lac_features(words, 1, 3) == {"lac_exact=LOC": 1.0}
    assert lac_features(words, 3, 5) == {"lac_inside=ORG": 1.0}  # 营口 in the ORG 营口银行
    assert lac_features(words, 2, 4) == {"lac_cross": 1.0}
    assert lac_features(words, 9, 11) == {}


def test_lac_reads_a_window_around_the_candidates_at_their_offsets():
    from govreport.place_filter import lac_window_spans

    seen = []

    def tagger(text):  # stands in for LacTagger: one word per character, tagged by position
        seen.append(text)
        return [(i, i + 1, "n") for i in range(len(text))]

    text = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯"
    spans = lac_window_spans(tagger, text, [(10, 12), (14, 15)], window=3)
    assert seen == [text[7:18]]
    assert spans[0] == (7, 8, "n") and spans[-1] == (17, 18, "n") and len(spans) == 11
    assert lac_window_spans(tagger, text, []) == [] and len(seen) == 1  # no candidate: LAC does not run


def _lac_rows(tagger):
    """The same names as a place (在X建设) and inside a bank's name (X银行开业): LAC tells LOC from ORG."""
    rows = []
    for name in ("营口", "盘锦", "铁岭", "大连", "锦州", "丹东"):
        for text, gold in ((f"在{name}建设", True), (f"{name}银行开业", False)):
            start = text.index(name)
            span = (start, start + 2, "PLACE")
            doc = _doc(text, [span])
            rows.extend(candidates(doc, [span], [span[:2]] if gold else [], tagger))
    return rows


def test_a_filter_fitted_with_lac_reads_lac_again_in_rule_labels_and_keeps_the_flag(tmp_path):
    from govreport.place_filter import lac_tagger

    rows = _lac_rows(lac_tagger())
    assert {"lac_exact=LOC", "lac_inside=ORG"} <= {f for features, _ in rows for f in features}
    place_filter = fit_place_filter(rows, c=10.0, threshold=0.5, lac=True)
    assert place_filter.lac and PlaceFilter.from_dict(place_filter.to_dict()).lac
    assert place_filter.weights["lac_exact=LOC"] > 0 > place_filter.weights["lac_inside=ORG"]
    assert not PlaceFilter.from_dict({"weights": {}, "intercept": 0.0}).lac  # filters saved before LAC
    nlp = spacy.blank("zh")
    labels = nlp.add_pipe("govreport_rule_labels")
    labels.place_filter = place_filter
    doc = _doc("在鞍山建设,抚顺银行开业", [(1, 3, "PLACE"), (6, 8, "PLACE")])
    assert [(e.start_char, e.end_char) for e in labels(doc).ents] == [(1, 3)]
    nlp.to_disk(tmp_path / "nlp")
    assert spacy.load(tmp_path / "nlp").get_pipe("govreport_rule_labels").place_filter.lac


class _CountingTagger:
    """The real LAC tagger, counting its calls."""

    def __init__(self, tagger):
        self.tagger, self.calls = tagger, 0

    def __call__(self, text):
        self.calls += 1
        return self.tagger(text)


def test_kept_decides_as_keeps_does_and_runs_lac_only_where_it_can_change_a_decision():
    from govreport.place_filter import lac_tagger, lac_window_spans

    tagger = lac_tagger()
    place_filter = fit_place_filter(_lac_rows(tagger), c=10.0, threshold=0.5, lac=True)
    counting = _CountingTagger(tagger)
    place_filter._tagger = counting
    for text, places in (("在鞍山建设,抚顺银行开业", [(1, 3), (6, 8)]), ("营口港和盘锦港", [(0, 2), (4, 6)]),
                         ("在铁岭", [(1, 3)])):
        rules = [(a, b, "PLACE") for a, b in places]
        doc = _doc(text, rules)
        lac = lac_window_spans(tagger, text, places)
        assert place_filter.kept(doc, places, rules) == [p for p in places if place_filter.keeps(doc, *p, rules, None, lac)]
    assert counting.calls >= 1
    certain = PlaceFilter({"lac_exact=LOC": 2.0, "lac_inside=ORG": -2.0}, intercept=10.0, threshold=0.5, lac=True)
    certain._tagger = counting = _CountingTagger(tagger)
    doc = _doc("在鞍山建设", [(1, 3, "PLACE")])
    assert certain.kept(doc, [(1, 3)]) == [(1, 3)] and counting.calls == 0  # no LAC feature can undo a score of 10
    unsure = PlaceFilter({"lac_exact=LOC": 2.0, "lac_inside=ORG": -2.0}, intercept=-1.0, threshold=0.5, lac=True)
    unsure._tagger = counting
    assert unsure.kept(doc, [(1, 3)]) == [(1, 3)] and counting.calls == 1  # LAC's LOC lifts −1 over the cut

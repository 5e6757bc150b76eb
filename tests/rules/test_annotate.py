"""The rule pre-annotator on real seed sentences, with exact expected spans and relations."""

from __future__ import annotations

from functools import partial

import pytest

from govreport.annotation.validate import validate_row
from govreport.rules import annotate as annotate_with
from govreport.rules.numbers import find_numbers


@pytest.fixture(scope="module")
def annotate(gazetteer):
    return partial(annotate_with, gazetteer=gazetteer)


def spans(annotate, text: str):
    return [(text[e["start_offset"] : e["end_offset"]], e["label"]) for e in annotate(text)["entities"]]


def links(annotate, text: str):
    result = annotate(text)
    by_id = {e["id"]: text[e["start_offset"] : e["end_offset"]] for e in result["entities"]}
    return [(by_id[r["from_id"]], by_id[r["to_id"]], r["type"]) for r in result["relations"]]


def test_gdp_value_and_growth(annotate):  # 002-0009
    text = "预计全年完成地区生产总值113.6亿元,增长5%;"
    result = annotate(text)
    assert result["entities"] == [
        {"id": 1, "start_offset": 6, "end_offset": 12, "label": "INDICATOR"},
        {"id": 2, "start_offset": 12, "end_offset": 19, "label": "VALUE"},
        {"id": 3, "start_offset": 22, "end_offset": 24, "label": "PERCENT"},
    ]
    assert result["relations"] == [
        {"id": 1, "from_id": 2, "to_id": 1, "type": "value_of"},
        {"id": 2, "from_id": 3, "to_id": 1, "type": "change_of"},
    ]


def test_output_is_a_valid_gold_row(annotate):
    text = "全年开复工项目180个,总投资295.7亿元。"  # 002-0022
    row = {"id": 20022, "doc": "002", "text": text, **annotate(text), "meta": {"sentence_id": "002-0022", "review_state": "pre-annotated"}}
    assert validate_row(row) == []
    assert spans(annotate, text) == [("开复工项目", "INDICATOR"), ("180个", "VALUE"), ("总投资", "INDICATOR"), ("295.7亿元", "VALUE")]
    assert links(annotate, text) == [("180个", "开复工项目", "value_of"), ("295.7亿元", "总投资", "value_of")]


def test_enumerated_values_split_at_new_indicator(annotate):  # 002-0037
    text = "新增高标准农田3.5万亩、设施农业4396亩,新建和维修灌溉井534处。"
    assert links(annotate, text)[:2] == [("3.5万亩", "新增高标准农田", "value_of"), ("4396亩", "设施农业", "value_of")]


def test_count_before_noun(annotate):  # 002-0023
    text = "绿谷农产品加工、瑞丰粮食收储等44个项目主体完工;"
    assert spans(annotate, text) == [("44个", "VALUE"), ("项目", "INDICATOR")]
    assert links(annotate, text) == [("44个", "项目", "value_of")]


def test_respectively_list(annotate):
    text = "接待游客人数、旅游总收入分别增长196%、117%"  # the spec's 分别 example
    assert links(annotate, text) == [("196%", "接待游客人数", "change_of"), ("117%", "旅游总收入", "change_of")]


def test_policy_title_numbers_are_not_values(annotate):  # 001-0010
    text = "全面落实党中央、国务院稳经济一揽子政策举措,因时因势出台稳经济28条、巩固增势20条等政策措施,新增减税降费16.2亿元,惠及市场主体14.2万户次。"
    assert spans(annotate, text) == [("新增减税降费", "INDICATOR"), ("16.2亿元", "VALUE"), ("市场主体", "INDICATOR"), ("14.2万户次", "VALUE")]


@pytest.mark.parametrize(
    "text",
    [
        "2023年1月15日",
        "中电全域综合智慧能源投产达效,中奉分散式风电落户开发区,位居全省各县第一。",  # 002-0049 (shortened)
        "也是全面振兴新突破三年行动的首战之年。",  # 001-0005
        '充分发挥"1+8+49"三级公共法律服务平台作用',  # 000-0111
        "坚持以“十四五”规划为引领,构建“232”现代制造业体系",
        "开辟百亿级船燃产业新赛道",  # 004-0042
    ],
)
def test_non_values_are_not_tagged(text, annotate):
    assert [s for s in find_numbers(text)] == []
    assert all(label not in ("VALUE", "PERCENT") for _, label in spans(annotate, text))


def test_qualifiers_stay_outside_and_ranges_are_one_span():
    text = "增长5.5%左右,提高近8个百分点,控制在5%-6%以内,受益群众5万余人次,三次产业结构优化为12.6:41.2:46.2"
    assert [(text[s:e], label) for s, e, label in find_numbers(text)] == [
        ("5.5%", "PERCENT"), ("8个百分点", "PERCENT"), ("5%-6%", "PERCENT"), ("5万余人次", "VALUE"), ("12.6:41.2:46.2", "VALUE"),
    ]


def test_ranges_and_two_part_units_are_one_value():  # 118-0179, 125-0084, 100-0101, 100-0260, 110-0111 (shortened)
    text = "力争1--2家企业挂牌,打造2到3个特色科室,检查企业621家次,审批时间压缩至50个工作日,修补路面1.9万平米,节能量11.2万吨标煤"
    assert [(text[s:e], label) for s, e, label in find_numbers(text)] == [
        ("1--2家", "VALUE"), ("2到3个", "VALUE"), ("621家次", "VALUE"), ("50个工作日", "VALUE"), ("1.9万平米", "VALUE"),
        ("11.2万吨标煤", "VALUE"),
    ]
    assert [text for text in ("2021-2025年", "1-2月") if find_numbers(text)] == []  # no unit: a period, not a range


def test_a_sum_of_money_that_names_a_size_class_is_not_a_value():  # 102-0024, 104-0018, 105-0100 (shortened)
    text = "其中10亿元以上项目达到10个,新上投资千万元以上项目107个,年销售收入过10亿元企业达到5家,撬动消费超10亿元,完成投资8亿元以上。"
    assert [text[s:e] for s, e, label in find_numbers(text)] == ["10个", "107个", "5家", "10亿元", "8亿元"]


def test_places_inside_organisation_names_are_not_tagged(annotate):
    # 000-0021 and 001-0116 (shortened): 东北大学, 营口银行 are names, not places.
    assert spans(annotate, "思爱普(SAP)双碳创新中心与东北大学软件学院联合建立数字化联合研究中心") == []
    assert spans(annotate, "清收挽损取得新成效,营口银行“好银行”打造如期完成") == []
    assert spans(annotate, "盘锦康复辅助器具产业园区建成") == []  # the spec's example of a park name
    assert spans(annotate, "总部落户盘锦市,建成投产") == [("盘锦市", "PLACE")]  # the same place outside a name


def test_places_inside_event_names_are_not_tagged(annotate):  # 000-0137 (shortened): events are names (spec)
    assert spans(annotate, "在盘锦市第九届运动会上取得佳绩") == []
    assert spans(annotate, "习近平总书记在新时代推动东北全面振兴座谈会上的重要讲话") == []
    assert spans(annotate, "推动东北全面振兴") == [("东北", "PLACE")]


def test_a_place_in_brackets_inside_a_name_is_not_tagged(annotate):  # 000-0027, 111-0029 (shortened)
    assert spans(annotate, "与中化现代农业(辽宁)有限公司合作建立基地") == []
    assert spans(annotate, "中节能(涞水)生活垃圾焚烧发电项目完成主体建设") == []
    # a place in brackets that no name's suffix follows stays a place
    assert spans(annotate, "继续推进渤海(营口段)综合治理") == [("营口", "PLACE")]


def test_places_and_regions(annotate):
    text = "木头城子镇十家子村获批“全国‘一村一品’示范村”。"  # 002-0041
    assert spans(annotate, text) == [("木头城子镇", "PLACE"), ("十家子村", "PLACE")]
    assert ("京津冀", "PLACE") in spans(annotate, "主动融入京津冀协同发展")  # curated region lexicon
    assert ("全市", "PLACE") not in spans(annotate, "全市地区生产总值增长5%")
    assert spans(annotate, "总部落户盘锦市") == [("盘锦市", "PLACE")]  # a name that ends the text


def test_an_administered_zone_is_one_place_with_its_suffix(annotate):  # 001-0056 (shortened); spec: administered zones
    assert ("营口经济技术开发区", "PLACE") in spans(annotate, "营口经济技术开发区获批首批辽宁自由贸易试验区联动创新区")
    assert ("营口片区", "PLACE") in spans(annotate, "营口片区获批省级进口贸易促进创新示范区")
    # after a village, 片区 is a neighbourhood to rebuild: the village alone is the place
    assert spans(annotate, "十家子村片区改造启动") == [("十家子村", "PLACE")]


def test_spacy_component_sets_the_same_entities(gazetteer):
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport_rules")  # found through the package's spacy_factories entry point
    nlp.get_pipe("govreport_rules").initialize(gazetteer=gazetteer)
    doc = nlp("预计全年完成地区生产总值113.6亿元,增长5%;")
    assert [(e.text, e.label_) for e in doc.ents] == [("地区生产总值", "INDICATOR"), ("113.6亿元", "VALUE"), ("5%", "PERCENT")]

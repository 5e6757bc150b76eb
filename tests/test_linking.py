"""Linking rules on real seed sentences (gold markup), with exact expected relations."""

import pytest

from govreport.linking import link

from .extraction.helpers import marked, readable

GOLD_LINES = {
    # clause-level: value and rate after their indicator, the rate in the next clause
    "002-0009": "预计全年完成⟦地区生产总值|I⟧⟦113.6亿元|V⟧,增长⟦5%|P⟧;\t2>1 3>1",
    # value and rate joined by 、 (完成XX亿元、同比增长3%), six indicators in one sentence
    "000-0011": "预计全年⟦市场主体|I⟧达到⟦2.85万户|V⟧、同比增长⟦8.2%|P⟧。\t2>1 3>1",
    # 分别 with the indicators in the previous clause
    "001-0052": "营口港72号、73号泊位通过验收,⟦万吨级泊位|I⟧达到⟦63个|V⟧,全年⟦港口货物吞吐量|I⟧⟦2.2亿吨|V⟧、⟦集装箱运量|I⟧⟦533万标准箱|V⟧,分别增长⟦6.3%|P⟧、⟦6.7%|P⟧。\t2>1 4>3 6>5 7>3 8>5",
    # 分别 with the indicators in the same clause
    "001-0020": "融合发展文体旅产业,辽河老街入选国家级夜间文化和旅游消费集聚区,成功举办鲅鱼圈马拉松、全民冰雪旅游等⟦赛事活动|I⟧⟦100余场|V⟧,冰雪温泉资源融合入选全国旅游新业态创新发展十佳典型案例,全年⟦接待游客人数|I⟧、⟦旅游总收入|I⟧分别增长⟦196%|P⟧、⟦117%|P⟧。\t2>1 5>3 6>4",
    # 分别 over one indicator: both rates are its own
    "001-0100": "健全完善社会保障体系,⟦企业退休人员养老金标准|I⟧提高⟦4.2%|P⟧,⟦城乡低保标准|I⟧分别提高⟦3.05%|P⟧、⟦7.03%|P⟧,⟦城乡特困人员救助供养标准|I⟧分别提高⟦2.29%|P⟧、⟦4.06%|P⟧。\t2>1 4>3 5>3 7>6 8>6",
    # ratio indicators: the PERCENT is the value of the rate, change_of
    "000-0062": "⟦PM2.5平均浓度|I⟧⟦25微克/立方米|V⟧,⟦优良天数比例|I⟧⟦88%|P⟧,⟦空气综合指数|I⟧全市第一。\t2>1 4>3",
    # counts before the counted noun
    "002-0026": "大力开展“向上争取提效年”行动,⟦32个|V⟧⟦项目|I⟧纳入省级以上项目库,争取⟦到位资金|I⟧⟦36.5亿元|V⟧。\t1>2 4>3",
    "001-0043": "深化“放管服”改革,⟦89%|P⟧的⟦政务服务事项|I⟧实现无差别综合受理,⟦90%|P⟧以上的⟦高频便民服务事项|I⟧实现“掌上办”“网上办”。\t1>2 3>4",
    "000-0006": '保持"走出去、请进来"力度不减、标准不降,⟦总投资|I⟧⟦XX亿元|V⟧鲁华泓锦环烯烃共聚物(二期)等⟦36个|V⟧⟦优质项目|I⟧签约落地,⟦实际到位内资|I⟧⟦XX亿元|V⟧、同比增长⟦14.5%|P⟧,⟦引进外资|I⟧实现零的突破。\t2>1 3>4 6>5 7>5',
    # a second bare count after 、 is not the same quantity: 落地38个 stays unlinked
    "002-0018": "坚持“开放兴县”战略,聚焦⟦京津冀|L⟧、⟦珠三角|L⟧、⟦长三角|L⟧抓招商引项目,开展“走出去、请进来”“云洽谈、云签约”等⟦活动|I⟧⟦200余次|V⟧,⟦签约项目|I⟧⟦75个|V⟧、落地⟦38个|V⟧,⟦省外到位资金|I⟧⟦49.4亿元|V⟧。\t5>4 7>6 10>9",
    # a change in absolute terms after the value continues its indicator, across the comma
    "117-0012": "⟦农民人均纯收入|I⟧⟦7765元|V⟧，比2006年增长⟦3230元|V⟧，年均递增⟦11.4%|P⟧。\t2>1 3>1 4>1",
    "118-0017": "金融服务经济发展的水平进一步提高，全县⟦贷款余额|I⟧⟦37.2亿元|V⟧，较年初增加⟦10.5亿元|V⟧，⟦存贷比|I⟧达到⟦42.2%|P⟧，同比增长⟦8个百分点|P⟧。\t2>1 3>1 5>4 6>4",
    # the same quantity in a second unit
    "112-0034": "城区品质大幅提升，⟦新改建道路|I⟧⟦12条|V⟧、⟦17.2公里|V⟧；\t2>1 3>1",
    # a total after 达到 is not the new ones: 47050户 stays unlinked
    "124-0024": "⟦新增市场主体|I⟧⟦7113户|V⟧、达到⟦47050户|V⟧。\t2>1",
    # a value with no indicator in its clause stays unlinked (4批次)
    "000-0046": '省"万件清理"监督行动⟦4批次|V⟧转办⟦84件|V⟧⟦案件|I⟧全部办结。\t2>3',
    # coordinated indicators sharing a rate with no number: only the numbered ones link
    "001-0007": "预计全年⟦地区生产总值|I⟧增长⟦5.5%|P⟧左右,⟦规模以上工业增加值|I⟧增长⟦5.9%|P⟧,⟦固定资产投资|I⟧增长⟦7.5%|P⟧,⟦一般公共预算收入|I⟧增长⟦6%|P⟧,⟦社会消费品零售总额|I⟧增长⟦10%|P⟧,⟦城乡居民收入|I⟧分别增长⟦5%|P⟧、⟦8.5%|P⟧,⟦规模以上工业增加值|I⟧、⟦固定资产投资|I⟧、⟦社会消费品零售总额|I⟧等主要经济指标增速均高于全国、全省平均水平,全面振兴新突破三年行动首战告捷!\t2>1 4>3 6>5 8>7 10>9 12>11 13>11",
    # 均达 after coordinated counts: the rate goes to the rate indicator
    "002-0144": "自觉接受县人大依法监督和县政协民主监督,⟦85件|V⟧⟦人大代表建议|I⟧、⟦81件|V⟧⟦政协委员提案|I⟧⟦办复率|I⟧均达⟦100%|P⟧。\t1>2 3>4 6>5",
    # one rate shared by coordinated indicators: 均达 after them, or the rate before them
    "110-0130": "持续推进法治政府建设，强化审计监督，自觉接受人大法律监督、政协民主监督和社会监督，办理⟦人大代表建议|I⟧⟦81件|V⟧、⟦政协提案|I⟧⟦79件|V⟧，⟦办复率|I⟧、⟦满意率|I⟧均达⟦100%|P⟧。\t2>1 4>3 7>5 7>6",
    "004-0148": "厚植为民情怀,把人大、政协监督和社会各方面监督作为动力,竭尽全力办理议案和提案,以⟦百分之百|P⟧⟦办结率|I⟧和⟦满意率|I⟧增进民生福祉。\t1>2 1>3",
}


@pytest.mark.parametrize("sentence_id", sorted(GOLD_LINES))
def test_linker_matches_gold(sentence_id):
    text, spans, gold = marked(GOLD_LINES[sentence_id])
    assert sorted(link(text, spans)) == gold


def test_respective_list_in_order():
    text, spans, _ = marked(GOLD_LINES["001-0052"])
    assert readable(text, link(text, spans)) == [
        ("2.2亿吨", "港口货物吞吐量", "value_of"),
        ("533万标准箱", "集装箱运量", "value_of"),
        ("6.3%", "港口货物吞吐量", "change_of"),
        ("6.7%", "集装箱运量", "change_of"),
        ("63个", "万吨级泊位", "value_of"),
    ]


def test_coordinated_indicators_without_number_get_nothing():
    text, spans, _ = marked(GOLD_LINES["001-0007"])
    linked = {t for _, t, _ in link(text, spans)}
    tail = text.index("等主要经济指标")
    assert not [s for s in spans if s[2] == "INDICATOR" and s[0] > text.index("8.5%") and s in linked]
    assert all(s[1] <= tail for s in linked)


@pytest.mark.parametrize("spans", [[], [(0, 2, "PLACE")], [(0, 3, "VALUE")], [(0, 3, "PERCENT"), (3, 5, "PERCENT")]])
def test_nothing_to_link(spans):
    assert link("12%以上", spans) == []


def test_megabyte_line_is_fast_and_linear():
    unit = "地区生产总值113.6亿元,增长5%,"
    text = unit * (1_000_000 // len(unit))
    spans = []
    for i in range(0, len(text), len(unit)):
        spans += [(i, i + 6, "INDICATOR"), (i + 6, i + 13, "VALUE"), (i + 16, i + 18, "PERCENT")]
    relations = link(text, spans)
    assert len(relations) == 2 * (len(spans) // 3)

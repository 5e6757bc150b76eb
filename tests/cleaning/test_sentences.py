from govreport.cleaning.sentences import split_sentences


def _split(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_split_on_terminators_and_lines():
    assert _split("甲。乙;丙！\n丁") == ["甲。", "乙;", "丙！", "丁"]


def test_closing_quote_stays_with_sentence():
    assert _split("他说:“好。”然后") == ["他说:“好。”", "然后"]


def test_never_inside_numbers():
    text = "研发经费投入占地区生产总值比重突破3.5%,地区生产总值113.6亿元,比例3;5。"
    assert _split(text) == [text]


def test_stray_question_mark_is_not_a_terminator():
    assert _split("“数字政府”?“城市大脑”建设迈出新步。") == ["“数字政府”?“城市大脑”建设迈出新步。"]

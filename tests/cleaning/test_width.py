from govreport.cleaning.width import normalize_width


def test_fullwidth_digits_and_letters():
    assert normalize_width("增长３．５％,ＧＤＰ") == ("增长3.5％,GDP", 6)


def test_chinese_punctuation_kept():
    assert normalize_width("一、二。三,")[0] == "一、二。三,"

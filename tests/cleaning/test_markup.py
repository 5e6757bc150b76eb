"""Web-page markup decoded before cleaning: escaped line breaks, entities, tags, a mirror's escaped percent sign."""

from govreport.cleaning.markup import decode_page_markup
from govreport.cleaning.pipeline import clean_report


def test_escaped_newlines_entities_and_tags_are_decoded_and_counted():
    text, counts = decode_page_markup("第一行\\r\\n第二行&nbsp;增长<br/>5%")
    assert text == "第一行\n第二行 增长\n5%"
    assert counts == {"escaped_newlines": 1, "html_tags": 1, "html_entities": 1}


def test_a_mirrors_escaped_percent_sign_after_a_number_is_restored():
    text, counts = decode_page_markup("比上年增长13.3_M_M_；覆盖率达到100_M_M_，变量名_M_M_不动")
    assert text == "比上年增长13.3%；覆盖率达到100%，变量名_M_M_不动"
    assert counts == {"mangled_percent_signs": 2}


def test_the_restored_percent_sign_reaches_the_sentences_and_the_report():
    cleaned = clean_report("地区生产总值增长13.3_M_M_。\n", "t")
    assert cleaned.sentences[0].text == "地区生产总值增长13.3%。"
    assert cleaned.report.markup_decoded == {"mangled_percent_signs": 1}

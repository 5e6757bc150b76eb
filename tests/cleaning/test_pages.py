from govreport.cleaning import clean_report
from govreport.cleaning.pages import find_page_markers


def test_page_markers_need_a_sequence_that_cuts_sentences():
    pages = ["1、交出了一份难中求成、殊为", "2、不易的答卷。这一年", "3、我们坚持", "4、结束。"]
    assert find_page_markers(pages) == [0, 1, 2, 3]
    lists = ["1、加快发展。", "2、推进改革。"]
    assert find_page_markers(lists) == []


def test_rejoined_across_page_break():
    raw = "1、交出了一份难中求成、殊为\n2、不易的答卷。这一年,\n3、我们坚持稳中求进。"
    cleaned = clean_report(raw, "t")
    assert "殊为不易的答卷" in cleaned.text
    assert [r.text for r in cleaned.report.page_markers_rejoined] == ["1、", "2、", "3、"]

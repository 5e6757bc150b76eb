from govreport.cleaning.glosses import remove_glosses


def test_glosses_removed_from_traditional_text():
    text, removed = remove_glosses("網(wǎng)站首頁 經(jīng)濟發(fā)展")
    assert text == "網站首頁 經濟發展"
    assert removed == ["(wǎng)", "(jīng)", "(fā)"]


def test_real_parentheses_kept():
    for text in ("三力中科MMA新材料(一期)", "ERP系统(SAP)", "管理办法(試行)", "(一)經濟發展", "面积(km)"):
        assert remove_glosses(text) == (text, [])


def test_damaged_gloss_leaves_stray_question_mark():
    # a broken page lost 東 and its "(": the gloss is dropped, the ? stays to be reported
    text, removed = remove_glosses("推動(dòng)?xùn)|北全面振興")
    assert text == "推動?|北全面振興"
    assert removed == ["(dòng)", "xùn)"]

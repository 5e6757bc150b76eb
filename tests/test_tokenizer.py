"""The project's pkuseg tokenizer: punctuation splitting, user dictionary, serialisation."""

import subprocess
import sys
import textwrap

import pytest
import spacy
from spacy.lang.zh import Chinese

from govreport.tokenizer import split_at_punctuation

CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "pkuseg"}}}


@pytest.fixture(scope="module")
def nlp(pkuseg_model):
    nlp = Chinese.from_config(CONFIG)
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    return nlp


def test_split_at_punctuation_keeps_numbers_and_units():
    assert list(split_at_punctuation("；规")) == ["；", "规"]
    assert list(split_at_punctuation("12.6:41.2:46.2")) == ["12.6:41.2:46.2"]
    assert list(split_at_punctuation("微克/立方米")) == ["微克", "/", "立方米"]  # still reachable as one span
    assert list(split_at_punctuation("数4家")) == ["数", "4", "家"]
    assert list(split_at_punctuation("“两个统筹”")) == ["“", "两个统筹", "”"]


def test_no_token_mixes_punctuation_and_words(nlp):
    doc = nlp("坚持“开放兴县”战略,聚焦京津冀、珠三角;规上工业总产值60.5亿元,增长13%。")
    for token in doc:
        if len(token.text) > 1:
            assert not any(ch in "“”、,;。" for ch in token.text), token.text
    assert "60.5" in [t.text for t in doc] and "13%" in [t.text for t in doc]


def test_value_spans_align_with_tokens(nlp):
    text = "预计全年完成地区生产总值113.6亿元,增长5%;市场主体达到2.85万户"
    doc = nlp(text)
    for span in ("地区生产总值", "113.6亿元", "5%", "2.85万户"):
        start = text.index(span)
        assert doc.char_span(start, start + len(span)) is not None, span


def test_user_dictionary_terms_stay_whole(nlp):
    doc = nlp("城镇居民人均可支配收入增长5%")
    assert doc[0].text == "城镇居民人均可支配收入"
    nlp.tokenizer.pkuseg_update_user_dict(["鲁华泓锦环烯烃共聚物"])
    assert "鲁华泓锦环烯烃共聚物" in [t.text for t in nlp("总投资XX亿元鲁华泓锦环烯烃共聚物(二期)")]


def test_char_segmenter_needs_no_model():
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "char"}}})
    assert [t.text for t in nlp("增长5%")] == ["增", "长", "5", "%"]


def test_uninitialised_pkuseg_gives_a_clear_error():
    nlp = Chinese.from_config(CONFIG)
    with pytest.raises(ValueError, match="not initialised"):
        nlp("增长5%")
    with pytest.raises(ValueError, match="fetch it"):
        nlp.tokenizer.initialize()


def test_saved_pipeline_loads_in_fresh_process_without_assets(nlp, tmp_path):
    nlp.tokenizer.pkuseg_update_user_dict(["三力中科"])
    path = tmp_path / "pipeline"
    nlp.to_disk(path)
    expected = [t.text for t in nlp("总投资XX亿元三力中科MMA新材料(一期)；规上工业")]
    code = textwrap.dedent(
        f"""
        import json, spacy
        nlp = spacy.load({str(path)!r})
        print(json.dumps([t.text for t in nlp("总投资XX亿元三力中科MMA新材料(一期)；规上工业")], ensure_ascii=False))
        """
    )
    # run from an empty folder: no assets/ next to it, no --code, only the installed package
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    import json

    assert json.loads(result.stdout.strip().splitlines()[-1]) == expected
    assert "三力中科" in expected and "；" in expected


def test_both_scripts_and_widths_get_the_same_tokens_and_features(nlp):
    """Segmented on the simplified form: same boundaries, and NORM/PREFIX/SUFFIX from the canonical form."""
    traditional = nlp("全年地區生產總值完成113.6億元，增長５％，規上工業增加值")
    simplified = nlp("全年地区生产总值完成113.6亿元,增长5%,规上工业增加值")
    assert [len(t) for t in traditional] == [len(t) for t in simplified]
    features = lambda doc: [(t.norm_, t.prefix_, t.suffix_) for t in doc]  # noqa: E731
    assert features(traditional) == features(simplified)
    assert traditional.text == "全年地區生產總值完成113.6億元，增長５％，規上工業增加值"  # the text itself is untouched
    assert [t.norm_ for t in traditional][:2] == ["全年", "地区生产总值"]


def test_cjk_brackets_stand_alone(nlp):
    assert [t.text for t in nlp("巨能路〔65〕建设［3］完成【1】")][2:] == ["〔", "65", "〕", "建设", "［", "3", "］", "完成", "【", "1", "】"]
    assert "［" in [t.text for t in nlp("建设［3］完成")]


def test_doc_text_is_the_text_the_tokenizer_kept_and_never_a_stale_one(nlp):
    from spacy.tokens import Doc

    from govreport.tokenizer import TEXT_KEY, doc_text

    doc = nlp("全年地區生產總值完成113.6億元，增長５％")
    assert doc.user_data[TEXT_KEY][1] is not None and doc_text(doc) == doc.text
    part = doc[2:5].as_doc(copy_user_data=True)  # carries the whole Doc's kept text
    assert doc_text(part) == part.text == "完成113.6億元"
    made = Doc(nlp.vocab, words=["地区", "生产"], spaces=[False, False])  # not from the tokenizer
    assert doc_text(made) == "地区生产"


def test_suffix_chars_sets_every_word_s_suffix_feature_in_both_scripts(pkuseg_model, tmp_path):
    config = {"nlp": {"tokenizer": {**CONFIG["nlp"]["tokenizer"], "suffix_chars": 1}}}
    nlp = Chinese.from_config(config)
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    for text in ("新建换热站125个", "新建換熱站125個"):
        assert [(t.norm_, t.suffix_) for t in nlp(text)] == [("新建", "建"), ("换热站", "站"), ("125", "5"), ("个", "个")]
    nlp.to_disk(tmp_path / "nlp")
    assert spacy.load(tmp_path / "nlp").tokenizer.suffix_chars == 1  # the setting travels with the pipeline

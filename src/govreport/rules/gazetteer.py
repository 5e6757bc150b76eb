"""Reading the place gazetteer: China's administrative divisions from jionlp's ``china_location.txt``.

A hand-typed place list would cover the five seed reports and nothing else, so
PLACE rules read a maintained division list instead: ``china_location.txt``
shipped inside the ``jionlp`` wheel (Apache-2.0; province → prefecture →
county → town → village/community, with short forms for the upper levels).
Fetching it, pinned and verified, is ``govreport.assets.fetch_place_gazetteer``
(``spacy project run fetch-assets``); this module only parses it. There is no
default location: every function takes the path (the folder fetch-assets
fills, or the file itself).

Short forms: the file gives one per province, prefecture and county (梁平区 →
梁平, 大洼区 → 大洼, 辽宁省 → 辽宁). Reports use them all the time (梁平 is the
commonest PLACE of report 003), so we keep them, but only those of two
characters or more, and not those that are ordinary words (see
``data/place_stopwords.txt``, measured on the seeds: docs/rules.md). Towns and
villages only count under their full name (胜利镇, 友谊村): their bare stems
(胜利, 友谊) are everyday words.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Iterator, Tuple, Union

from ..assets import GAZETTEER_DATA_NAME as DATA_NAME
from ..errors import MissingAssetError

# Depth of indentation in china_location.txt → administrative level.
LEVELS = ("province", "prefecture", "county", "town", "village")
FETCH_HINT = "run `spacy project run fetch-assets` to fetch it"


def gazetteer_file(path: Union[str, Path]) -> Path:
    """The division file of ``path``: the folder fetch-assets fills (→ its china_location.txt) or the file itself."""
    path = Path(path)
    return path / DATA_NAME if path.is_dir() else path


def read_divisions(path: Union[str, Path]) -> Iterator[Tuple[str, str, str]]:
    """(level, full name, short form or "") of every entry of china_location.txt (``path``: the file or its folder)."""
    path = gazetteer_file(path)
    if not path.exists():
        raise MissingAssetError(path, f"the place gazetteer: {FETCH_HINT}")
    with path.open(encoding="utf-8") as f:
        for line in f:
            stripped = line.rstrip("\n")
            depth = len(stripped) - len(stripped.lstrip("\t"))
            fields = stripped.strip("\t").split("\t")
            if not fields[0] or depth >= len(LEVELS):
                continue
            short = fields[2] if len(fields) > 2 else ""
            yield LEVELS[depth], fields[0], short


# Suffixes that name the level or a kind of zone; what remains is the name's stem.
LEVEL_SUFFIXES = ("经济技术开发区", "高新技术产业开发区", "旅游度假区", "化工园区", "开发区", "高新区", "工业园区", "工业园", "产业园", "园区", "度假区",
                  "示范区", "试验区", "保税区", "新区", "管委会", "农场", "林场", "街道", "社区", "嘎查", "苏木",
                  "村", "镇", "乡", "区", "县", "市", "省", "旗")


# The longest suffix that ends a name starts leftmost, so one anchored search finds it (经济技术开发区, not 区);
# it is 6 times faster than trying the suffixes in turn, and load_places calls it for each of 700k divisions.
_LEVEL_SUFFIX = re.compile("(?:" + "|".join(map(re.escape, LEVEL_SUFFIXES)) + ")$")


def stem_length(name: str) -> int:
    """Length of the name without its longest level/zone suffix: 农村 → 1, 开发区 → 0, 孙家店村 → 3, 大连经济技术开发区 → 2."""
    suffix = _LEVEL_SUFFIX.search(name)
    return suffix.start() if suffix else len(name)


SHORT = ":short"


def load_places(path: Union[str, Path], stopwords: frozenset = frozenset(), villages: bool = True, short_forms: bool = True) -> Dict[str, str]:
    """Place name → level (``county``, or ``county:short`` for a short form): full names of every level, plus the short forms of provinces, prefectures and counties.

    Names whose stem is shorter than two characters (农村, 乡村, 开发区,
    产业园) are generic words and left out. Short forms shorter than two characters, equal to a stop word, or identical
    to no full name's stem are left out; ``villages=False`` leaves out the
    village/community level (600k mostly generic names).
    """
    places: Dict[str, str] = {}
    for level, name, short in read_divisions(path):
        if level == "village" and not villages:
            continue
        # 农村, 乡村, 城区, 社区, 开发区 are divisions somewhere but generic words everywhere.
        if len(name) >= 2 and name not in stopwords and stem_length(name) >= 2:
            places.setdefault(name, level)
        if short_forms and short and short != name and len(short) >= 2 and short not in stopwords and level in LEVELS[:3] and stem_length(short) >= 2:
            places.setdefault(short, level + SHORT)
    return places

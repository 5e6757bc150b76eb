"""The lexicons behind the token marks, built once from the fetched assets and the package data.

Each lexicon is a kind (a short code that ends up in the feature string) and a
set of names. None of them decides an entity: a hit only tells the tok2vec
"this token begins/continues a known X", and the model learns in context when
that matters (a division name inside an organisation's name is not a PLACE).

- ``DIV``: administrative divisions down to town level, full names and short
  forms (the jionlp division file the project already fetches);
- ``NS`` / ``NT``: place and organisation words of jieba's dictionary (MIT):
  rivers, lakes, mountains and regions (洞庭湖, 汾河, 东南亚) that no division
  list has, and names of bodies;
- ``IND``: the rule baseline's indicator lexicon; ``UNIT``: the units of VALUEs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional, Tuple, Union

from ..errors import GovreportError, MissingAssetError
from ..rules.lexicon import read_lexicon

# jieba tags of the words we keep, and the kind they become
JIEBA_TAGS = {"ns": "NS", "nt": "NT"}
# jieba's ns list holds one-character directions and everyday words (东, 城市, 东西)
JIEBA_MIN_LENGTH = 2
JIEBA_STOPWORDS = frozenset({"城市", "东西", "中心", "地方", "农村", "城乡", "社区", "全国", "国家", "本市", "全市", "全省"})
TOWN_LEVELS = ("province", "prefecture", "county", "town")


def division_names(places: Mapping[str, str]) -> List[str]:
    """Division names of the rule place table (name → level) down to town level, short forms included."""
    return sorted(name for name, level in places.items() if level.split(":")[0] in TOWN_LEVELS)


def jieba_entries(path: Union[str, Path], min_count: int = 0) -> Iterator[Tuple[str, str]]:
    """(word, tag) of each line of jieba's ``dict.txt`` (``path`` or the folder holding it; word, frequency, tag)
    whose frequency is at least ``min_count``."""
    path = Path(path)
    if path.is_dir():
        path = path / "dict.txt"
    if not path.exists():
        raise MissingAssetError(path, "jieba's dictionary: run `spacy project run fetch-assets`")
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            fields = line.split()
            if len(fields) != 3 or not fields[1].isdigit():
                raise GovreportError(f"{path}:{number}: expected 'word frequency tag', got {line.strip()!r}")
            if int(fields[1]) >= min_count:
                yield fields[0], fields[2]


def read_jieba_words(path: Union[str, Path]) -> Dict[str, List[str]]:
    """``NS`` and ``NT`` words of jieba's ``dict.txt``."""
    out: Dict[str, List[str]] = {kind: [] for kind in JIEBA_TAGS.values()}
    for word, tag in jieba_entries(path):
        kind = JIEBA_TAGS.get(tag)
        if kind and len(word) >= JIEBA_MIN_LENGTH and word not in JIEBA_STOPWORDS:
            out[kind].append(word)
    return out


def build_lexicons(places: Mapping[str, str], jieba_dict: Optional[Union[str, Path]]) -> Dict[str, List[str]]:
    """Every lexicon by kind, from the place table, jieba's dictionary (optional) and the package data."""
    lexicons: Dict[str, List[str]] = {
        "DIV": division_names(places),
        "IND": list(read_lexicon("indicators.txt")),
        "UNIT": list(read_lexicon("units.txt")),
    }
    if jieba_dict:
        lexicons.update(read_jieba_words(jieba_dict))
    return lexicons

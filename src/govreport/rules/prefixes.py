"""Where a name from a large list can start in a text: the shared gate of the longest-match scans.

The place matcher and the token-marks lexicon matcher both scan a text for
the longest names of a list of hundreds of thousands. Every name's prefixes
let a scan stop as soon as no name can continue; the two-character prefixes
(and the one-character names) pick, in one comprehension, the few positions
where a name can start at all: about one in five of report text.
"""

from __future__ import annotations

from typing import Iterable, List


class PrefixIndex:
    def __init__(self, names: Iterable[str]):
        names = list(names)
        self.prefixes = {name[:n] for name in names for n in range(1, len(name) + 1)}
        self.two = {prefix for prefix in self.prefixes if len(prefix) == 2}
        self.singles = {name for name in names if len(name) == 1}

    def starts(self, text: str) -> List[int]:
        """The positions of ``text`` where one of the names may begin."""
        two, singles = self.two, self.singles
        return [i for i, ch in enumerate(text) if ch in singles or text[i : i + 2] in two]

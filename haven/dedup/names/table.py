"""The table of common Iraqi names and the lookup of spellings in it.

`data/iraqi_names.csv` holds one name per row:
- arabic: the name in Arabic script; further Arabic spellings after "|" (the first is the standard one);
- latin: the Latin spelling most used in Iraqi documents;
- variants: other Latin spellings met in the field, "|"-separated (family names with and without article);
- sex: M or F for given names, empty for family names;
- kind: given or family;
- communities: who commonly bears it: A Arab, K Kurdish, T Turkmen, C Christian, Y Yazidi;
- weight: relative frequency, Zipf-like (Mohammed is 1000).
Two rows with the same Arabic (a given name that is also a family name) are one name.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from haven.dedup.names.skeleton import rule_key
from haven.dedup.names.text import arabic_fold, latin_fold, latin_words

TABLE_PATH = Path(__file__).resolve().parent.parent / "data" / "iraqi_names.csv"
# Longest run of words looked up as one name ("Abd al-Rahman", "Nour al-Din Al Jubouri").
_LONGEST = 4
_LATIN_ARTICLE = re.compile(r"(?i)(?:al|el|ul|ash|adh|ath|a[dnrstz])[-\s']+(?P<rest>.+)")


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One name of the table, with the key every spelling of it gets."""

    arabic: str
    arabic_variants: tuple[str, ...]
    latin: str
    variants: tuple[str, ...]
    sex: str
    kind: str
    communities: str
    weight: int
    identity: str
    key: str

    @property
    def spellings(self) -> tuple[str, ...]:
        """The standard Latin spelling followed by the variants."""
        return (self.latin, *self.variants)


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Words of a name found in the table; more than one entry when the spelling is ambiguous."""

    words: tuple[str, ...]
    entries: tuple[NameEntry, ...]

    @property
    def ambiguous(self) -> bool:
        return len({entry.identity for entry in self.entries}) > 1


@dataclass(frozen=True)
class NameTable:
    """The names, indexed by folded spelling and by key."""

    entries: tuple[NameEntry, ...]
    by_spelling: dict[str, tuple[NameEntry, ...]] = field(repr=False)
    by_key: dict[str, NameEntry] = field(repr=False)

    def resolve(self, words: Sequence[tuple[str, bool]]) -> list[NameMatch | tuple[str, bool]]:
        """The words of a name with the longest runs found in the table replaced by their match.

        Words are `(text, is_arabic)` as `script_words` gives them. A run matches a spelling of the
        same words, each folded ("Abd al-Rahman", "ABD AL RAHMAN"); a single word also matches a
        spelling written as one word ("Abdulrahman", "عبدالرحمن"), and an Arabic word with the
        article matches the name without it ("العلي" is Ali).
        """
        out: list[NameMatch | tuple[str, bool]] = []
        index = 0
        while index < len(words):
            for length in range(min(_LONGEST, len(words) - index), 0, -1):
                run = words[index : index + length]
                arabic = run[0][1]
                if any(word_arabic != arabic for _, word_arabic in run):
                    continue
                fold = arabic_fold if arabic else latin_fold
                entries = self.by_spelling.get(" ".join(fold(text) for text, _ in run))
                if entries is None and length == 1 and arabic:
                    folded = fold(run[0][0])
                    if folded.startswith("ال") and len(folded) > 3:
                        entries = self.by_spelling.get(folded[2:])
                if entries:
                    out.append(NameMatch(words=tuple(text for text, _ in run), entries=entries))
                    index += length
                    break
            else:
                out.append(words[index])
                index += 1
        return out


@cache
def name_table() -> NameTable:
    """The names table, read once per process."""
    with TABLE_PATH.open(encoding="utf-8", newline="") as table_file:
        unkeyed = [_entry(row) for row in csv.DictReader(table_file)]
    keys = _keys_disambiguated(unkeyed)
    entries = tuple(replace(entry, key=keys[entry.identity]) for entry in unkeyed)
    by_spelling: dict[str, list[NameEntry]] = defaultdict(list)
    for entry in entries:
        for fold in _folds(entry):
            found = by_spelling[fold]
            same = [index for index, known in enumerate(found) if known.identity == entry.identity]
            if not same:
                found.append(entry)
            elif entry.weight > found[same[0]].weight:
                found[same[0]] = entry
    by_key: dict[str, NameEntry] = {}
    for entry in entries:
        if entry.key not in by_key or entry.weight > by_key[entry.key].weight:
            by_key[entry.key] = entry
    # A key that the rules give to several names points to none of them: which one is meant is a guess.
    shared = {key.split(":")[0] for key in by_key if ":" in key}
    return NameTable(
        entries=entries,
        by_spelling={fold: tuple(sorted(found, key=lambda e: -e.weight)) for fold, found in by_spelling.items()},
        by_key={key: entry for key, entry in by_key.items() if key not in shared and ":" not in key},
    )


def _entry(row: dict[str, str]) -> NameEntry:
    arabic = tuple(part.strip() for part in row["arabic"].split("|") if part.strip())
    identity = arabic_fold(arabic[0])
    if identity.startswith("ال") and len(identity) > 4:
        identity = identity[2:]
    return NameEntry(
        arabic=arabic[0],
        arabic_variants=arabic[1:],
        latin=row["latin"].strip(),
        variants=tuple(part.strip() for part in row["variants"].split("|") if part.strip()),
        sex=row["sex"].strip(),
        kind=row["kind"].strip(),
        communities=row["communities"].strip(),
        weight=int(row["weight"]),
        identity=identity,
        key="",
    )


def _keys_disambiguated(entries: list[NameEntry]) -> dict[str, str]:
    """The key of each name (by identity): its rule key, unless another name has the same rule key.

    The rules cannot tell some names apart (Omar and Ammar, Saad and Suad); the more frequent one keeps
    the bare key, so that an unknown spelling falls to it, and the others get the key plus ":" and their
    folded Latin spelling.
    """
    weights: dict[str, int] = defaultdict(int)
    first: dict[str, NameEntry] = {}
    for entry in entries:
        weights[entry.identity] += entry.weight
        first.setdefault(entry.identity, entry)
    groups: dict[str, list[str]] = defaultdict(list)
    for identity, entry in first.items():
        groups[rule_key(entry.arabic)].append(identity)
    keys: dict[str, str] = {}
    for base, identities in groups.items():
        identities.sort(key=lambda identity: (-weights[identity], identity))
        keys[identities[0]] = base
        for identity in identities[1:]:
            keys[identity] = f"{base}:{latin_fold(first[identity].latin)}"
    return keys


def _folds(entry: NameEntry) -> set[str]:
    """The folded forms an entry is found by: each spelling word by word, and written as one word."""
    folds: set[str] = set()
    for arabic in (entry.arabic, *entry.arabic_variants):
        words = [arabic_fold(word) for word in arabic.split()]
        folds.update({" ".join(words), "".join(words)})
        if words[0].startswith("ال") and len(words[0]) > 4:
            folds.update({" ".join([words[0][2:], *words[1:]]), "ال " + " ".join([words[0][2:], *words[1:]])})
    for spelling in entry.spellings:
        words = [latin_fold(word) for word in latin_words(spelling)]
        folds.update({" ".join(words), "".join(words)})
        article = _LATIN_ARTICLE.fullmatch(spelling)
        base = latin_words(article.group("rest")) if article else words if entry.kind == "family" else []
        base = [latin_fold(word) for word in base]
        if base and len("".join(base)) >= 3:
            for prefix in ("", "al", "el"):
                folds.update({" ".join([prefix, *base]).strip(), prefix + "".join(base)})
    folds.discard("")
    return folds

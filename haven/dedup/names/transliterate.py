"""A name from one script to the other: the table's spelling where it knows the name, rules otherwise."""

from __future__ import annotations

import re

from haven.dedup.names.romanise import arabic_romanise
from haven.dedup.names.skeleton import rule_key
from haven.dedup.names.table import NameEntry, NameMatch, name_table
from haven.dedup.names.text import arabic_fold, name_clean, script_words

_ARABIC_RUN = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+"
    "(?:\\s+[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+)*"
)
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_ABD_FORMS = frozenset({"abd", "abdul", "abdel", "abdal", "abdil", "abdol"})
_ARTICLES = frozenset({"al", "el"})
_ALLAH_FORMS = frozenset({"allah", "alla", "ullah", "ulla", "lah", "llah"})
_LONGEST = 4


def name_to_latin(text: str) -> str:
    """A name in Latin letters.

    Arabic script becomes the table's standard spelling when the name, or each word of it, is known
    ("محمد حسين الجبوري" → "Mohammed Hussein Al-Jubouri"); an unknown word is transliterated letter for
    letter, without inventing the short vowels Arabic does not write ("ثجيل" → "Thjyl"). Latin letters
    come back cleaned and title-cased ("al-jubouri" → "Al-Jubouri").
    """
    cleaned = name_clean(text)
    out: list[str] = []
    position = 0
    for run in _ARABIC_RUN.finditer(cleaned):
        out.append(_title(cleaned[position : run.start()]))
        out.append(_arabic_run_latin(run.group(0)))
        position = run.end()
    out.append(_title(cleaned[position:]))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def name_to_arabic(text: str) -> str:
    """A Latin-written name in Arabic script, word by word from the table; "" when any word is unknown.

    "Mohammed Abdul Rahman Al-Jubouri" → "محمد عبد الرحمن الجبوري". A word is found by its spelling
    or, failing that, by its key; a spelling or key the table gives to two different names counts as
    unknown. Nothing is guessed.
    """
    table = name_table()
    found = table.resolve(script_words(text))
    if not found:
        return ""
    out: list[str] = []
    index = 0
    while index < len(found):
        item = found[index]
        if isinstance(item, NameMatch):
            if item.ambiguous:
                return ""
            out.append(item.entries[0].arabic)
            index += 1
            continue
        word, arabic = item
        if arabic:
            out.append(word)
            index += 1
            continue
        following = found[index + 1] if index + 1 < len(found) else None
        if word in _ARTICLES and isinstance(following, NameMatch):
            index += 1
            continue
        if word in _ABD_FORMS and following is not None:
            joined = _abd_joined(following)
            if joined:
                out.append(joined)
                index += 2
                continue
        entry, length = _by_key(found, index)
        if entry is None:
            return ""
        out.append(entry.arabic)
        index += length
    return " ".join(out)


def _abd_joined(following: NameMatch | tuple[str, bool]) -> str:
    if isinstance(following, NameMatch):
        if following.ambiguous:
            return ""
        arabic = following.entries[0].arabic
        return "عبد " + (arabic if arabic.startswith("ال") else "ال" + arabic)
    if not following[1] and following[0] in _ALLAH_FORMS:
        return "عبد الله"
    return ""


def _by_key(found: list[NameMatch | tuple[str, bool]], start: int) -> tuple[NameEntry | None, int]:
    by_key = name_table().by_key
    for length in range(_LONGEST, 0, -1):
        run = found[start : start + length]
        if len(run) < length or any(isinstance(item, NameMatch) or item[1] for item in run):
            continue
        entry = by_key.get(rule_key(" ".join(item[0] for item in run if isinstance(item, tuple))))
        if entry is not None:
            return entry, length
    return None, 1


def _title(text: str) -> str:
    return _LATIN_WORD.sub(lambda word: word.group(0)[0].upper() + word.group(0)[1:].lower(), text)


def _arabic_run_latin(run: str) -> str:
    words = [(word, True) for word in "".join(c if c.isalpha() else " " for c in run).split()]
    out: list[str] = []
    for item in name_table().resolve(words):
        if isinstance(item, NameMatch):
            out.append(item.entries[0].latin)
        else:
            out.append(_arabic_word_latin(item[0]))
    return " ".join(out)


def _arabic_word_latin(word: str) -> str:
    if word == "ال":
        return "Al"
    if word in ("الله", "اللة", "لله"):
        return "Allah"
    if word.startswith("عبدال") and len(word) > 5:
        rest = word[5:]
        return "Abdullah" if rest in ("له", "لة", "ه") else "Abd al-" + _known_or_romanised(rest)
    if len(word) > 4 and word.endswith("الله"):
        return _arabic_word_latin(word[:-4]) + " Allah"
    if len(word) > 5 and word.endswith("الدين"):
        return _arabic_word_latin(word[:-5]) + " al-Din"
    if word.startswith("ال") and len(word) > 3:
        latin = _known_or_romanised(word[2:])
        return latin if latin.startswith("Al-") else "Al-" + latin
    return _title(arabic_romanise(word))


def _known_or_romanised(word: str) -> str:
    found = name_table().by_spelling.get(arabic_fold(word))
    return found[0].latin if found else _title(arabic_romanise(word))

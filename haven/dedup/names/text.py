"""Names as written: invisible noise removed, scripts told apart, words split, spellings folded for lookup."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

# Harakat, Quranic annotation marks, superscript alef and tatweel: optional in Arabic writing, so two
# spellings of one name differ by them only in how carefully they were typed.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
_SPACES = re.compile(r"\s+")

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_LATIN_RANGES = ((0x0041, 0x024F), (0x02B0, 0x02FF), (0x1E00, 0x1EFF), (0x2C60, 0x2C7F), (0xA720, 0xA7FF))

# Letters of scholarly, Turkish and Kurmanji spellings, written as the digraphs Iraqi forms use.
_LATIN_SPECIAL = str.maketrans(
    {
        "ş": "sh", "ç": "ch", "ğ": "g", "ı": "i", "ḥ": "h", "ṣ": "s", "ḍ": "dh", "ṭ": "t", "ẓ": "dh",
        "š": "sh", "ž": "zh", "č": "ch", "ġ": "gh", "ḫ": "kh", "ẖ": "kh", "ṯ": "th", "ḏ": "dh", "ø": "o",
        "æ": "ae", "œ": "oe", "ß": "ss", "ð": "dh", "þ": "th", "ʿ": "'", "ʾ": "'", "’": "'", "‘": "'",
        "`": "'", "´": "'", "ʼ": "'", "ʻ": "'", "′": "'",
    }
)  # fmt: skip
# Arabizi, the digits chat and SMS use for Arabic sounds Latin letters lack: 3li, 7assan, 5alid.
_ARABIZI = str.maketrans({"2": "'", "3": "'", "5": "kh", "6": "t", "7": "h", "8": "gh", "9": "q"})
_LATIN_WORD = re.compile(r"[a-z0-9']+")

# One spelling per letter for lookups: hamza seats, final ya and ta marbuta as typed interchangeably,
# and Persian and Kurdish letters as Iraqi Arabic forms write them.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي",
        "ھ": "ه", "ە": "ه", "گ": "ك", "چ": "ج", "پ": "ب", "ڤ": "ف", "ژ": "ز", "ڕ": "ر", "ڵ": "ل", "ۆ": "و",
        "ێ": "ي",
    }
)  # fmt: skip

Script = Literal["arabic", "latin", "mixed", ""]


def name_clean(text: str) -> str:
    """The name as written, without invisible noise: what is stored and shown.

    Applies NFKC (Arabic presentation forms become letters, full-width Latin becomes ASCII), removes
    tatweel, harakat and other Arabic marks and invisible format characters (zero-width joiners,
    direction marks, BOM), turns control characters into spaces, collapses whitespace and trims.
    Nothing is transliterated and letters are not changed.
    """
    text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text))
    # A second pass composes a Latin letter with an accent that an Arabic mark used to separate.
    text = unicodedata.normalize("NFKC", text)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" ")
        elif not category.startswith("C"):
            kept.append(char)
    return _SPACES.sub(" ", "".join(kept)).strip()


def char_is_arabic(char: str) -> bool:
    """Whether a character belongs to the Arabic script blocks (Arabic, Persian and Kurdish letters)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _ARABIC_RANGES)


def char_is_latin(char: str) -> bool:
    """Whether a character belongs to the Latin script blocks, ayn and hamza modifier letters included."""
    code = ord(char)
    return any(low <= code <= high for low, high in _LATIN_RANGES)


def name_script(text: str) -> Script:
    """Which script a name is written in: "arabic", "latin", "mixed" (both), or "" (no letters of either)."""
    arabic = latin = False
    for char in text:
        if not char.isalpha():
            continue
        if char_is_arabic(char):
            arabic = True
        elif char_is_latin(char):
            latin = True
    if arabic and latin:
        return "mixed"
    return "arabic" if arabic else "latin" if latin else ""


def full_name(parts: Sequence[str]) -> str:
    """Given, father, grandfather and family names joined with single spaces, blank parts left out."""
    return " ".join(cleaned for cleaned in (name_clean(part) for part in parts) if cleaned)


def latin_letters(text: str) -> str:
    """Latin text reduced to lower-case a-z, digits and the apostrophe that marks ayn or hamza."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_SPECIAL))
    return "".join(char for char in text if not unicodedata.combining(char))


def latin_words(text: str) -> list[str]:
    """The words of a Latin-script name, lower-case; hyphens, dots and other punctuation separate words.

    Digits inside a word that has letters are read as Arabizi (`3li` is Ali, `7assan` Hassan); words of
    digits only are noise and dropped.
    """
    words = []
    for word in _LATIN_WORD.findall(latin_letters(text)):
        if any("a" <= char <= "z" for char in word):
            words.append(word.translate(_ARABIZI))
    return [word for word in words if word.strip("'")]


def script_words(text: str) -> list[tuple[str, bool]]:
    """The words of a name in order, each with whether it is written in Arabic script.

    A word that switches script midway is split where it switches.
    """
    words: list[tuple[str, bool]] = []
    for chunk in name_clean(text).split(" "):
        run: list[str] = []
        run_arabic = False
        for char in chunk:
            arabic = char_is_arabic(char)
            if run and arabic != run_arabic:
                words.extend(_run_words("".join(run), run_arabic))
                run = []
            run.append(char)
            run_arabic = arabic
        if run:
            words.extend(_run_words("".join(run), run_arabic))
    return words


def _run_words(run: str, arabic: bool) -> list[tuple[str, bool]]:
    if arabic:
        letters = "".join(char if char.isalpha() else " " for char in run)
        return [(word, True) for word in letters.split()]
    return [(word, False) for word in latin_words(run)]


def latin_fold(text: str) -> str:
    """A Latin spelling reduced for exact lookups: lower-case letters a-z only ("Al-Jubouri" → "aljubouri")."""
    return "".join(char for char in latin_letters(text) if "a" <= char <= "z")


def arabic_fold(text: str) -> str:
    """An Arabic spelling reduced for exact lookups: one form per letter, no marks or spaces."""
    folded = name_clean(text).translate(_ARABIC_FOLD)
    return "".join(char for char in folded if char.isalpha())

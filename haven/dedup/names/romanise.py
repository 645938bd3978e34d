"""Arabic-script names in Latin letters, letter for letter, for keys and for names the table does not know.

Unvocalised Arabic does not write short vowels, so none are invented: حسن gives "hsn", not "Hasan".
Long vowels and diphthongs come out as the letters that carry them (ا a, و w, ي y); the key decides
whether a w or y is a consonant. Ayn and hamza become an apostrophe, which the key reads as a break.
"""

from __future__ import annotations

_LETTERS = {
    "ا": "a", "أ": "'", "إ": "'", "آ": "a", "ٱ": "a", "ى": "a", "ة": "a", "ب": "b", "پ": "p", "ت": "t",
    "ث": "th", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ڕ": "r", "ز": "z",
    "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "dh", "ط": "t", "ظ": "dh", "ع": "'", "غ": "gh", "ف": "f",
    "ڤ": "v", "ق": "q", "ك": "k", "ک": "k", "گ": "g", "ل": "l", "ڵ": "l", "م": "m", "ن": "n", "ه": "h",
    "ھ": "h", "ە": "a", "و": "w", "ۆ": "o", "ي": "y", "ی": "y", "ێ": "e", "ء": "'", "ؤ": "'", "ئ": "'",
}  # fmt: skip
_INITIAL = {"ا": "a", "أ": "a", "إ": "i", "آ": "aa", "ٱ": "a", "ع": "'a"}
_NOT_CONSONANTS = frozenset("اأإآٱىةوۆيیێءؤئعە")
# Two Arabic letters whose Latin letters would read as one sound (ت + ه as "th") are kept apart.
_DIGRAPHS = frozenset({"kh", "sh", "ch", "th", "dh", "zh", "gh", "ph", "dj"})

ALLAH = "llah"
ABD = "'abd"


def arabic_romanise(word: str) -> str:
    """One Arabic word letter by letter, lower-case: "حسين" → "hsyn", "عبد" → "'abd", "فاطمة" → "ftma".

    A final ه after a consonant in a word of three letters or more is read as a miswritten ta marbuta
    ("فاطمه" → "ftma"), as it nearly always is in names; an ayn after a consonant gets the "a" that
    makes Latin readers pronounce it ("سعد" → "sa'd").
    """
    out = ""
    last = len(word) - 1
    for index, char in enumerate(word):
        if index == 0 and char in "أإ" and word[1:2] == "ل":
            piece = "'" + _INITIAL[char]  # ألطاف: an initial hamza before lam, not the article
        elif index == 0 and char in _INITIAL:
            piece = _INITIAL[char]
        elif char == "ع" and word[index - 1] not in _NOT_CONSONANTS:
            piece = "a'"
        elif char == "ه" and index == last and last >= 2 and word[index - 1] not in _NOT_CONSONANTS:
            piece = "a"
        else:
            piece = _LETTERS.get(char, "")
        if out and piece and out[-1] + piece[0] in _DIGRAPHS:
            out += "'"
        out += piece
    return out


def arabic_parts(word: str) -> list[str]:
    """One Arabic word as the romanised words a key is built from: article dropped, compounds split.

    "الجبوري" → ["jbwry"]; "عبدالله" → ["'abd", "llah"]; "نورالدين" → ["nwr", "dyn"]; "ال" alone → [].
    """
    if word == "ال":
        return []
    if word in ("الله", "اللة", "لله"):
        return [ALLAH]
    if word.startswith("عبدال") and len(word) > 5:
        rest = word[5:]
        return [ABD, ALLAH if rest in ("له", "لة", "ه") else arabic_romanise(rest)]
    if len(word) > 4 and word.endswith("الله"):
        return [*arabic_parts(word[:-4]), ALLAH]
    if len(word) > 5 and word.endswith("الدين"):
        return [*arabic_parts(word[:-5]), arabic_romanise("دين")]
    if word.startswith("ال") and len(word) > 3:
        return [arabic_romanise(word[2:])]
    return [arabic_romanise(word)]

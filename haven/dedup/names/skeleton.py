"""The rule-built key of a name: a consonant skeleton with the few vowels that tell names apart.

Every name goes through Latin letters: Arabic script is romanised letter for letter first (romanise.py),
so both scripts meet on one set of rules. The key keeps
- consonants by sound class, as Iraqi transliteration conflates them: b (b p), t (t ṭ th ث), j, h (h ح ه),
  x (kh خ), d, r, z (z ز ذ ض ظ dh), s (s ص), c (sh ش ch چ), g (gh غ), f (f v), k (k q g ق ك), l, m, n,
  and w / y where they are consonants (first letter, or before "a": Walid, Marwan, Ziad);
- "a" first when the name begins with a vowel, ayn or hamza (Ahmed against Hamid);
- "i" / "u" for a long vowel or diphthong written as such (Hussein against Hassan, Mahmoud against
  Mohammed): Arabic ي and و, Latin ee, ei, ie, ai, ay, oo, ou, uu;
- the class of a final vowel, a / i / u (Ali against Alaa).
Short vowels, ayn, hamza and doubled letters are dropped. Articles (al-, el-, and as-, ad-, ash- before
sun letters), the "Abd al-" / "Abdul" / "Abdel" forms and the Allah and al-Din compounds are unified
before that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from haven.dedup.names.romanise import ABD, ALLAH, arabic_parts
from haven.dedup.names.text import script_words

_CONSONANT_PAIRS = {"kh": "x", "sh": "c", "ch": "c", "th": "t", "dh": "z", "zh": "z", "gh": "g", "ph": "f", "dj": "j"}
_CONSONANTS = {
    "b": "b", "p": "b", "t": "t", "j": "j", "c": "k", "d": "d", "h": "h", "k": "k", "q": "k", "g": "k",
    "f": "f", "v": "f", "l": "l", "m": "m", "n": "n", "r": "r", "s": "s", "z": "z", "x": "x",
}  # fmt: skip
_VOWELS = frozenset("aeiou")
_LONG_I = ("ee", "ei", "ie", "ai", "ii")
_LONG_U = ("oo", "ou", "uu")
# The Latin article standing alone, and its assimilated forms before sun letters (as-Saadi, ad-Din).
_ARTICLES = frozenset({"al", "el", "ul", "il", "ol"})
_SUN_CONSONANTS = frozenset({"d", "dh", "n", "r", "s", "sh", "t", "th", "z"})
_ALLAH_FORMS = frozenset(
    {"lah", "la", "llah", "lla", "allah", "alla", "ullah", "ulla", "illah", "illa", "ellah", "ella", "ollah"}
)
# "Din" as Latin writes it; Arabic writes it with a long i (دين).
_DIN_FORMS = frozenset({"din", "deen", "dine", "ddin", "ddine", "ddeen", "eddin", "eddine", "uddin", "addin", "iddin"})
_DIN = "dyn"
# Nur al-Din, Nooruldeen, Salahuddin: the second half of an al-Din name written onto the first.
_DIN_SUFFIX = re.compile(r"(?P<head>[a-z']{2,}?)(?:[aeiou]l|[aeiou]?(?=dd))d{1,2}(?:een|ine|ien|in|yn)")
_ALLAH_SUFFIX = re.compile(r"(?P<head>[a-z']+?)[aeiou]?ll(?:ah|a)")

_C, _S, _V, _B = "C", "S", "V", "B"


@dataclass(frozen=True, slots=True)
class KeyWord:
    """A word on its way to a key: romanised text, or a key already known (from the names table)."""

    text: str = ""
    arabic: bool = False
    key: str | None = None


def word_key(word: str) -> str:
    """The key of one romanised word (lower-case a-z and apostrophes): "hussein" → "hsin", "ali" → "ali"."""
    tokens = _tokens(word)
    if all(kind == _B for kind, _ in tokens):
        return ""
    out = ["a"] if tokens[0][0] in (_V, _B) else []
    last = max((index for index, (kind, _) in enumerate(tokens) if kind != _B), default=-1)
    for index, (kind, value) in enumerate(tokens):
        if kind == _C:
            out.append(value)
        elif kind == _S:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if index == 0 or (following is not None and following[0] == _V and following[1][0] == "a"):
                out.append(value)
            elif index == last:
                out.append("i" if value == "y" else "u")
            else:
                _marker_add(out, "i" if value == "y" else "u")
        elif kind == _V:
            if index == last:
                out.append(_final_vowel(value))
            elif any(pair in value for pair in _LONG_I):
                _marker_add(out, "i")
            elif any(pair in value for pair in _LONG_U):
                _marker_add(out, "u")
    return "".join(out)


def _marker_add(out: list[str], marker: str) -> None:
    if not out or out[-1] != marker:
        out.append(marker)


def _final_vowel(run: str) -> str:
    if run.endswith(("ee", "ie", "i")):
        return "i"
    if run[-1] in "ae":
        return "a"
    return "u"


def _tokens(word: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    index, length = 0, len(word)
    while index < length:
        char = word[index]
        pair = word[index : index + 2]
        if char == "'":
            tokens.append((_B, ""))
            index += 1
        elif pair in _CONSONANT_PAIRS:
            tokens.append((_C, _CONSONANT_PAIRS[pair]))
            index += 2
        elif char in "yw":
            tokens.append((_S, char))
            index += 1
        elif char in _VOWELS:
            end = index + 1
            while end < length and word[end] in _VOWELS:
                end += 1
            run = word[index:end]
            # Ziad, Fadia, Rania: an i between a consonant and "a" is the consonant y.
            if run.startswith("ia") and tokens and tokens[-1][0] == _C:
                tokens.append((_S, "y"))
                run = run[1:]
            tokens.append((_V, run))
            index = end
        else:
            if char in _CONSONANTS:
                tokens.append((_C, _CONSONANTS[char]))
            index += 1
    # Fatimah, Hamzah: a written final h after "a" is the ta marbuta, unless the h belongs to a short
    # word's root (Salah, Najah, Sarah are kept as they are: too short to tell).
    if (
        len(tokens) >= 2
        and tokens[-1] == (_C, "h")
        and tokens[-2][0] == _V
        and tokens[-2][1][-1] in "ae"
        and sum(1 for kind, _ in tokens[:-2] if kind == _C) >= 3
    ):
        tokens.pop()
    collapsed: list[tuple[str, str]] = []
    for token in tokens:
        if collapsed and token[0] in (_C, _S) and collapsed[-1] == token:
            continue
        collapsed.append(token)
    return collapsed


def _consonants(word: str) -> int:
    return sum(1 for kind, _ in _tokens(word) if kind == _C)


def _article_is(word: str, following: KeyWord | None) -> bool:
    if word in _ARTICLES:
        return True
    if following is None:
        return False
    if len(word) in (2, 3) and word[0] in _VOWELS and word[1:] in _SUN_CONSONANTS:
        return following.key is None and not following.arabic and following.text.startswith(word[1:])
    return False


def _latin_word_keys(word: str, *, after_abd: bool = False) -> list[str]:
    if word in _ALLAH_FORMS and (after_abd or word.startswith(("al", "ul", "il", "el", "ol"))):
        return [word_key(ALLAH)]
    if word in _DIN_FORMS:
        return [word_key(_DIN)]
    if word[:2] in ("al", "el") and _consonants(word[2:]) >= 2:
        word = word[2:]
    din = _DIN_SUFFIX.fullmatch(word)
    if din:
        return [*_latin_word_keys(din.group("head")), word_key(_DIN)]
    allah = _ALLAH_SUFFIX.fullmatch(word)
    if allah and _consonants(allah.group("head")) >= 2:
        return [*_latin_word_keys(allah.group("head")), word_key(ALLAH)]
    return [word_key(word)]


def _abd_tail(word: str) -> str | None:
    """What follows "Abd" in an Abd al- name ("" when it follows as the next word), or None if not one."""
    if not word.startswith("abd") or word[3:4] == "h":  # "abdh": a, b and the dh of ذ ض ظ
        return None
    tail = word[3:]
    if len(tail) >= 2 and tail[0] in _VOWELS and tail[1] == "l" and (tail[2:] == "" or _consonants(tail[2:])):
        tail = tail[2:]
    if not tail:
        return ""
    if not _consonants(tail):
        return None  # Abdo, Abdu: a name of its own.
    # Abdurrahman, Abdussalam: the article's vowel before a doubled sun letter.
    if len(tail) >= 3 and tail[0] in _VOWELS and tail[1] == tail[2]:
        return tail[1:]
    return tail


def phrase_keys(words: list[KeyWord]) -> list[str]:
    """The keys of a name's words, articles dropped and compounds joined, in order."""
    keys: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else None
        if word.key is not None:
            keys.append(word.key)
        elif word.arabic:
            keys.append(word_key(word.text))
        elif _article_is(word.text, following):
            pass
        else:
            tail = _abd_tail(word.text)
            if tail is None or (tail == "" and following is None):
                keys.extend(_latin_word_keys(word.text))
            elif tail:
                keys.append(word_key(ABD))
                keys.extend(_latin_word_keys(tail, after_abd=True))
            else:
                keys.append(word_key(ABD))
                index += 1
                while index + 1 < len(words) and words[index].key is None and words[index].text in _ARTICLES:
                    index += 1
                keys.extend(_abd_follower_keys(words[index]))
        index += 1
    return keys


def _abd_follower_keys(word: KeyWord) -> list[str]:
    if word.key is not None:
        return [word.key]
    if word.arabic:
        return [word_key(word.text)]
    text = word.text
    if text[:2] in ("al", "el", "ul") and _consonants(text[2:]):
        text = text[2:]
    return _latin_word_keys(text, after_abd=True)


def key_words(text: str) -> list[KeyWord]:
    """A name's words ready for keying: Arabic script romanised and split, Latin words lower-case."""
    words: list[KeyWord] = []
    for word, arabic in script_words(text):
        if arabic:
            words.extend(KeyWord(text=part, arabic=True) for part in arabic_parts(word))
        else:
            words.append(KeyWord(text=word))
    return words


def rule_key(text: str) -> str:
    """The key of a name by rules alone, without the names table."""
    return "".join(phrase_keys(key_words(text)))

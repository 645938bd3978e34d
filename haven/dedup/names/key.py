"""The key on which the spellings of one name meet, whatever the script."""

from __future__ import annotations

from functools import lru_cache

from haven.dedup.names.romanise import arabic_parts
from haven.dedup.names.skeleton import KeyWord, phrase_keys
from haven.dedup.names.table import NameMatch, name_table
from haven.dedup.names.text import script_words


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """A script-independent key of a name: spellings of one name give the same key.

    "محمد", "Mohammed", "Muhammad" and "MOHAMED" give one key; so do "عبد الله", "Abdullah", "Abd Allah"
    and "Abdulla", and "الجبوري", "Al-Jubouri", "Jubouri" and "Aljboori". A name or run of words found in
    the names table takes the key of its entry, so known spellings meet even where the rules alone
    would not (Karim and Kareem); anything else is keyed by rule (see `skeleton`), word by word, and
    the word keys are joined. Names the table holds apart keep different keys (Hassan and Hussein,
    Mohammed and Mahmoud, Ali and Alaa, Omar and Ammar): where the rules give two names one key, the
    less frequent one's key carries ":" and its spelling ("amr:ammar"). Keys are lower-case a-z (x is
    kh, c is sh, g is gh; see `skeleton`) and ":". Empty for a text without letters.
    """
    words: list[KeyWord] = []
    for found in name_table().resolve(script_words(text)):
        if isinstance(found, NameMatch):
            words.append(KeyWord(key=found.entries[0].key))
        elif found[1]:
            words.extend(KeyWord(text=part, arabic=True) for part in arabic_parts(found[0]))
        else:
            words.append(KeyWord(text=found[0]))
    return "".join(phrase_keys(words))


def name_keys_equal(first: str, second: str) -> bool:
    """Whether two spellings are of the same name: both have letters and their keys are equal."""
    key = name_key(first)
    return bool(key) and key == name_key(second)

"""P-codes and area names reduced to lookup keys: pure functions, no database.

Every import (DTM rounds, registration spreadsheets, partner lists) names areas its own way:
`IRQ-G02`, `iqg02`, `Al-Basrah`, `Basra`, `البصرة`. These keys let all of them meet one area.
"""

from __future__ import annotations

import re
import unicodedata

# DTM and several UN datasets prefix the ISO 3166 alpha-3 code where COD-AB P-codes use alpha-2
# (`IRQ-G01Q01` for `IQG01Q01`). Countries of Haven's operations and their neighbours; add a row
# when a new country is configured.
ISO3_TO_ISO2: dict[str, str] = {
    "AFG": "AF", "BGD": "BD", "CAF": "CF", "COD": "CD", "COL": "CO", "EGY": "EG", "ETH": "ET",
    "HTI": "HT", "IRN": "IR", "IRQ": "IQ", "JOR": "JO", "KEN": "KE", "LBN": "LB", "LBY": "LY",
    "MLI": "ML", "MMR": "MM", "MOZ": "MZ", "NER": "NE", "NGA": "NG", "PAK": "PK", "PSE": "PS",
    "SAU": "SA", "SDN": "SD", "SOM": "SO", "SSD": "SS", "SYR": "SY", "TCD": "TD", "TUR": "TR",
    "UKR": "UA", "VEN": "VE", "YEM": "YE",
}  # fmt: skip

_ISO3_PREFIX = re.compile(r"^([A-Z]{3})(?:[-_ .]+(.*))?$")
_CODE_NOISE = re.compile(r"[\s\-_.]+")

# Spelling variants met in Iraqi datasets that no rule below can join: transliteration schools
# (Ninewa/Ninawa), English exonyms (Nineveh), Kurdish names (Hawler, Slemani) and a governorate
# named after its capital (Al-Qadissiya ↔ Diwaniya). Left: a spelling met in the field; right: the
# spelling the COD uses. Both sides are reduced by the rules below, so the table stays readable.
# Add a row when an import meets a new spelling, with the reason when it is not obvious.
SPELLING_VARIANTS: dict[str, str] = {
    "Ninawa": "Ninewa",  # UN transliteration of نينوى
    "Nineveh": "Ninewa",  # English exonym
    "Ninevah": "Ninewa",
    "Diwaniya": "Al-Qadissiya",  # the governorate is often named after its capital
    "Diwaniyah": "Al-Qadissiya",
    "Qadisiyah": "Al-Qadissiya",
    "Sulaimaniya": "Al-Sulaymaniyah",
    "Sulaimaniyah": "Al-Sulaymaniyah",
    "Slemani": "Al-Sulaymaniyah",  # Kurdish
    "Dohuk": "Duhok",
    "Dahuk": "Duhok",
    "Arbil": "Erbil",
    "Irbil": "Erbil",
    "Hawler": "Erbil",  # Kurdish
    "Karbala": "Kerbala",
    "Dhi Qar": "Thi Qar",  # ذ is written dh or th
    "Salahuddin": "Salah Al-Din",
    "Salah ad-Din": "Salah Al-Din",
    "Saladin": "Salah Al-Din",  # English exonym
    "Missan": "Maysan",
    "Maisan": "Maysan",
    "Wasit": "Wassit",
}

# Arabic marks (harakat, shadda, sukun, dagger alef) and tatweel carry no identity for a name.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",  # alef with hamza or madda → bare alef
        "ؤ": "و", "ئ": "ي", "ء": "",  # hamza seats are spelt inconsistently; hamza alone dropped
        "ة": "ه",  # taa marbuta is written as haa without dots in much handwriting and data
        "ى": "ي",  # alef maqsura and yaa are confused in most keyboards' output
        "ک": "ك", "ی": "ي", "ي": "ي", "ہ": "ه", "ھ": "ه",  # Persian/Kurdish forms of the same letters
    }
)  # fmt: skip
_ARABIC_ARTICLE = re.compile(r"(?:(?<=\s)|^)ال(?=\S{2,})")
_LATIN_ARTICLE = re.compile(r"(?:(?<=[\s\-'’])|^)(?:al|el|ad|ar|as|at|az|an|ash|ath)[\s\-'’]+")
_NOT_KEY = re.compile(r"[^0-9a-z\u0621-\u064a]+")
_DOUBLED = re.compile(r"(.)\1+")
_TRAILING_H = re.compile(r"(?<=[aeiou])h$")


def pcode_normalise(text: str) -> str:
    """The canonical COD form of a P-code: upper case, no spaces, dashes, dots or underscores,
    the ISO3 prefix some datasets use replaced by the ISO2 code the COD uses.

    `IRQ-G02` → `IQG02`, ` iqg01q01 ` → `IQG01Q01`, `IRQ` → `IQ`. Never raises; text that is not a
    P-code comes back upper-cased and compacted, so the caller's lookup simply finds nothing.
    """
    compact = str(text)
    # Upper-casing and NFKC can each undo the other's normal form on exotic input; repeat until stable.
    for _ in range(4):
        following = unicodedata.normalize("NFKC", compact.strip().upper())
        match = _ISO3_PREFIX.match(following)
        if match and match.group(1) in ISO3_TO_ISO2:
            following = ISO3_TO_ISO2[match.group(1)] + (match.group(2) or "")
        following = _CODE_NOISE.sub("", following)
        if following == compact:
            break
        compact = following
    return compact


def _key_pass(text: str, variants: dict[str, str]) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    # Combining marks go: Latin accents and the hamza/madda NFKD splits off Arabic alef forms.
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _ARABIC_MARKS.sub("", stripped).translate(_ARABIC_LETTERS).casefold()
    stripped = _ARABIC_ARTICLE.sub("", stripped)
    stripped = _LATIN_ARTICLE.sub("", stripped)
    compact = _NOT_KEY.sub("", stripped)
    compact = _DOUBLED.sub(r"\1", compact)
    compact = _TRAILING_H.sub("", compact)
    return variants.get(compact, compact)


def _settled_key(text: str, variants: dict[str, str]) -> str:
    # Each pass only shortens or canonicalises, so passes repeat until nothing changes.
    current = str(text)
    for _ in range(8):
        following = _key_pass(current, variants)
        if following == current:
            break
        current = following
    return current


# The variant table itself is keyed by the rules alone, so a field spelling and the COD's meet.
NAME_VARIANTS: dict[str, str] = {
    _settled_key(field, {}): _settled_key(cod, {}) for field, cod in SPELLING_VARIANTS.items()
}


def name_key(text: str) -> str:
    """A key on which spellings of one area name meet, in Arabic script or Latin letters.

    "Al-Anbar", "Anbar", "AL ANBAR" → `anbar`; "الأنبار", "الانبار", "انبار" → `انبار`;
    "Nineveh", "Ninawa" → `ninewa` through `NAME_VARIANTS`. The key of a key is itself.
    """
    return _settled_key(text, NAME_VARIANTS)

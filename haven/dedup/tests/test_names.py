"""Iraqi person names: cleaning, script, the key spellings meet on, transliteration, and the names table."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from haven.dedup.names import (
    full_name,
    name_clean,
    name_key,
    name_keys_equal,
    name_script,
    name_table,
    name_to_arabic,
    name_to_latin,
)
from haven.dedup.names.skeleton import rule_key
from haven.dedup.names.table import NameMatch
from haven.dedup.names.text import script_words

# Spellings of one name, as registrations write them: each pair must give one key.
SAME_NAME = [
    ("محمد", "Mohammed"), ("Mohammed", "Muhammad"), ("Mohammed", "Mohamed"), ("Mohammed", "Mohammad"),
    ("Mohammed", "Mohamad"), ("Mohammed", "MOHAMMED"), ("محمد", "mohamed"), ("Mohammed", "Mohhamad"),
    ("عبد الله", "Abdullah"), ("Abdullah", "Abd Allah"), ("Abdullah", "Abdallah"), ("Abdullah", "Abdulla"),
    ("عبدالله", "عبد الله"), ("Abd-Allah", "ABDULLAH"),
    ("الجبوري", "Al-Jubouri"), ("Al-Jubouri", "Jubouri"), ("Al-Jubouri", "al Juburi"), ("Al-Jubouri", "Aljboori"),
    ("الجبوري", "جبوري"), ("Al Jboory", "Al-Jubouri"),
    ("حسين", "Hussein"), ("Hussein", "Husain"), ("Hussein", "Hussain"), ("Hussein", "Husayn"),
    ("Hussein", "Husseyn"), ("حسن", "Hassan"), ("Hassan", "Hasan"),
    ("أحمد", "Ahmed"), ("Ahmed", "Ahmad"), ("احمد", "أحمد"), ("علي", "Ali"), ("Ali", "Aly"),
    ("عبد الرحمن", "Abdul Rahman"), ("Abdul Rahman", "Abdulrahman"), ("Abdul Rahman", "Abd al-Rahman"),
    ("Abdul Rahman", "Abdelrahman"), ("Abdul Rahman", "Abd Alrahman"), ("Abdul Rahman", "Abdurrahman"),
    ("عبدالرحمن", "Abd-ul-Rahmaan"), ("عبد الكريم", "Abdel Kerim"),
    ("عمر", "Omar"), ("Omar", "Umar"), ("مصطفى", "Mustafa"), ("Mustafa", "Mostafa"), ("مصطفي", "Mustapha"),
    ("خالد", "Khalid"), ("Khalid", "Khaled"), ("كريم", "Kareem"), ("Kareem", "Karim"),
    ("حيدر", "Haidar"), ("Haidar", "Hayder"), ("Haider", "Haydar"),
    ("زينب", "Zainab"), ("Zainab", "Zeinab"), ("Zainab", "Zaynab"), ("فاطمة", "Fatima"), ("Fatima", "Fatma"),
    ("فاطمه", "Fatimah"), ("مريم", "Maryam"), ("Maryam", "Mariam"), ("نور", "Noor"), ("Noor", "Nour"),
    ("كاظم", "Kadhim"), ("Kadhim", "Kazim"), ("قاسم", "Qasim"), ("Qasim", "Kassim"), ("Qasim", "Gasim"),
    ("يوسف", "Yousif"), ("Yousif", "Yusuf"), ("إبراهيم", "Ibrahim"), ("ابراهيم", "Ebrahim"),
    ("الدليمي", "Al-Dulaimi"), ("Al-Dulaimi", "Ad-Dulaimi"), ("Dulaimi", "al dulaimi"),
    ("الشمري", "Ash-Shammari"), ("Al-Shammari", "Alshammari"), ("العبيدي", "Al-Obaidi"), ("التميمي", "At-Tamimi"),
    ("صلاح الدين", "Salah al-Din"), ("Salah al-Din", "Salahuddin"), ("Salah al-Din", "Salah Eddin"),
    ("نور الدين", "Nuraddin"), ("Nour al-Din", "نورالدين"), ("يوخنا", "Youkhana"), ("البارزاني", "Barzani"),
    ("Barzani", "Al-Barzani"), ("الجاف", "Jaff"), ("الطالباني", "Talabani"), ("محمود", "Mahmoud"),
    ("Mahmoud", "Mahmood"), ("ياسر", "Yasser"), ("وليد", "Waleed"), ("Waleed", "Walid"), ("جعفر", "Ja'far"),
    ("سعيد", "Saeed"), ("Saeed", "Said"), ("عائشة", "Aisha"), ("هدى", "Huda"), ("Huda", "Hoda"),
    ("زياد", "Zeyad"), ("Al Kaabi", "الكعبي"), ("Alkhafaji", "الخفاجي"), ("Hamza", "Hamzah"), ("Hadi", "Hady"),
    ("3li", "Ali"), ("7assan", "Hassan"), ("m7md", "محمد"), ("Ḥusayn", "حسين"), ("ʿAlī", "Ali"),
    ("مُحَمَّد", "محمد"), ("مـحـمـد", "محمد"), ("Şirin", "Shirin"), ("Xelil", "Khalil"),
]  # fmt: skip

# Different names that look alike: each pair must keep two keys.
DIFFERENT_NAMES = [
    ("Hassan", "Hussein"), ("حسن", "حسين"), ("Mohammed", "Mahmoud"), ("محمد", "محمود"), ("Ahmed", "Hamid"),
    ("أحمد", "حامد"), ("Ahmed", "Mohammed"), ("Ali", "Alaa"), ("علي", "علاء"), ("Omar", "Ammar"),
    ("عمر", "عمار"), ("Saad", "Saeed"), ("سعد", "سعيد"), ("Zaid", "Ziad"), ("زيد", "زياد"),
    ("Hamid", "Hameed"), ("Salih", "Salah"), ("صالح", "صلاح"), ("Nasir", "Naseer"), ("Samir", "Samer"),
    ("Raad", "Raed"), ("Jabir", "Jabbar"), ("Hisham", "Hashim"), ("Amer", "Omar"), ("Al-Saadi", "Al-Sadi"),
    ("Ayman", "Iman"), ("Osama", "Asmaa"), ("Suad", "Saad"), ("Majid", "Majeed"), ("Kamal", "Kamil"),
    ("Firas", "Faris"), ("Yousif", "Younis"), ("Hussein", "Hasanain"), ("Abd Ali", "Ali"),
    ("Al-Hashimi", "Hashim"), ("Muhannad", "Mohammed"), ("Iyad", "Eid"), ("Salim", "Salem"),
    ("Khalid", "Khalil"), ("Mohammed Ali", "Mohammed"),
]  # fmt: skip

KEY_ALPHABET = re.compile(r"[a-z:]*")
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىؤئ"
ARABIC_MARKS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0640"
SEPARATORS = [" ", "-", "  ", " - ", "_", "\t", ". "]
table_spellings = st.sampled_from([spelling for entry in name_table().entries for spelling in entry.spellings])


@pytest.mark.parametrize(("first", "second"), SAME_NAME)
def test_spellings_of_one_name_meet_on_one_key(first: str, second: str) -> None:
    assert name_keys_equal(first, second), (name_key(first), name_key(second))


@pytest.mark.parametrize(("first", "second"), DIFFERENT_NAMES)
def test_different_names_keep_different_keys(first: str, second: str) -> None:
    assert not name_keys_equal(first, second), name_key(first)


def test_the_rules_alone_cannot_tell_omar_from_ammar_so_the_table_keeps_them_apart() -> None:
    # Unvocalised عمر and عمار differ by a long a that Latin spellings do not mark reliably.
    assert rule_key("عمر") == rule_key("عمار")
    assert name_key("عمار") == name_key("Ammar") != name_key("Omar")


def test_unknown_spellings_fall_to_the_most_frequent_of_names_the_rules_confuse() -> None:
    assert name_key("Ommar") == name_key("Omar")


def test_key_of_text_without_letters_is_empty() -> None:
    assert name_key("") == name_key("  - . ") == name_key("12345") == ""
    assert not name_keys_equal("", "")


def test_clean_removes_tatweel_harakat_and_invisible_characters_but_keeps_letters() -> None:
    assert name_clean("  مُحَمَّـد\u200f  ") == "محمد"
    assert name_clean("Al-Jubouri\u200b\t Ali") == "Al-Jubouri Ali"
    assert name_clean("ﻣﺤﻤﺪ") == "محمد"  # presentation forms, as old PDFs and some keyboards give them
    assert name_clean("Ｍｏｈａｍｍｅｄ") == "Mohammed"


def test_script_tells_arabic_latin_and_mixed_apart() -> None:
    assert name_script("محمد حسين") == "arabic"
    assert name_script("Mohammed Hussein") == "latin"
    assert name_script("محمد Hussein") == "mixed"
    assert name_script("ʿAlī") == "latin"
    assert name_script("12 -") == ""


def test_full_name_joins_the_chain_and_leaves_out_blanks() -> None:
    assert full_name(["Ali", " Hussein ", "", "Al-Jubouri"]) == "Ali Hussein Al-Jubouri"
    assert full_name(["علي", "حسين", "  ", "الجبوري"]) == "علي حسين الجبوري"
    assert full_name([]) == ""


def test_arabic_names_the_table_knows_come_out_in_its_standard_spelling() -> None:
    assert name_to_latin("محمد حسين الجبوري") == "Mohammed Hussein Al-Jubouri"
    assert name_to_latin("عبدالرحمن") == "Abdul Rahman"
    assert name_to_latin("عبد الله") == "Abdullah"
    assert name_to_latin("فاطمه") == "Fatima"


def test_unknown_arabic_words_are_transliterated_letter_by_letter_without_invented_vowels() -> None:
    assert name_to_latin("ثجيل") == "Thjyl"
    assert name_to_latin("الفريجي") == "Al-Fryjy"
    assert name_to_latin("عبدالفريج") == "Abd al-Fryj"
    assert name_to_latin("طهبوب") == "T'hbwb"  # the apostrophe keeps ط and ه from reading as "th"


def test_latin_names_come_back_cleaned_and_title_cased() -> None:
    assert name_to_latin("  al-jubouri ") == "Al-Jubouri"
    assert name_to_latin("MOHAMMED sa'ad") == "Mohammed Sa'ad"
    assert name_to_latin("Ali محمد") == "Ali Mohammed"


def test_latin_names_are_written_in_arabic_from_the_table() -> None:
    assert name_to_arabic("Mohammed Abdul Rahman Al-Jubouri") == "محمد عبد الرحمن الجبوري"
    assert name_to_arabic("HUSSAIN al-dulaimi") == "حسين الدليمي"
    assert name_to_arabic("Jubouri") == "الجبوري"
    assert name_to_arabic("Abdel Kerim") == "عبد الكريم"
    assert name_to_arabic("Husseyn") == "حسين"  # not listed: found by its key


def test_latin_names_with_an_unknown_or_ambiguous_word_are_not_guessed() -> None:
    assert name_to_arabic("Mohammed Xyzzy") == ""
    assert name_to_arabic("Ommar") == ""  # Omar or Ammar: the key is shared
    assert name_to_arabic("") == ""


def test_the_table_has_the_breadth_registrations_need() -> None:
    entries = name_table().entries
    assert sum(1 for e in entries if e.kind == "given" and e.sex == "M") >= 250
    assert sum(1 for e in entries if e.kind == "given" and e.sex == "F") >= 150
    assert sum(1 for e in entries if e.kind == "family") >= 120
    assert {community for e in entries for community in e.communities} == set("AKTCY")


def test_every_spelling_in_the_table_leads_back_to_its_own_name() -> None:
    table = name_table()
    strays = []
    for entry in table.entries:
        for spelling in (*entry.spellings, entry.arabic, *entry.arabic_variants):
            found = table.resolve(script_words(spelling))
            if len(found) != 1 or isinstance(found[0], tuple) or found[0].entries[0].identity != entry.identity:
                strays.append((entry.latin, spelling))
    assert strays == []


def test_every_arabic_name_in_the_table_goes_to_latin_and_back() -> None:
    for entry in name_table().entries:
        latin = name_to_latin(entry.arabic)
        assert latin == entry.latin
        assert name_to_arabic(latin) == entry.arabic
        assert name_key(latin) == name_key(entry.arabic) == entry.key


@given(st.text())
def test_key_never_fails_and_uses_only_its_alphabet(text: str) -> None:
    assert KEY_ALPHABET.fullmatch(name_key(text))


@given(st.text())
def test_clean_is_idempotent_and_the_key_does_not_see_what_it_removes(text: str) -> None:
    cleaned = name_clean(text)
    assert name_clean(cleaned) == cleaned
    assert name_key(cleaned) == name_key(text)


@given(st.text(alphabet=" -_.,;/()0123456789\t\n"))
def test_key_of_punctuation_digits_and_spaces_is_empty(text: str) -> None:
    assert name_key(text) == ""


latin_words = st.one_of(table_spellings, st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=9))


@given(st.lists(latin_words, min_size=1, max_size=4), st.data())
def test_key_is_the_same_for_any_casing_and_any_word_separator(words: list[str], data: st.DataObject) -> None:
    reference = name_key(" ".join(words))
    separators = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    rejoined = "".join(word + separator for word, separator in zip(words, separators, strict=True))
    cased = "".join(data.draw(st.sampled_from([char.lower(), char.upper()])) for char in rejoined)
    assert name_key(cased) == reference


arabic_words = st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=7)


@given(st.lists(arabic_words, min_size=1, max_size=4), st.data())
def test_harakat_and_tatweel_do_not_change_the_key(words: list[str], data: st.DataObject) -> None:
    text = " ".join(words)
    marked = "".join(char + data.draw(st.sampled_from(["", "", *ARABIC_MARKS])) for char in text)
    assert name_key(marked) == name_key(text)


arabic_names = st.sampled_from([entry.arabic for entry in name_table().entries])


@st.composite
def unknown_arabic_names(draw: st.DrawFn) -> str:
    """Name-like Arabic words of three letters or more, with or without the article, not in the table.

    Only ta marbuta, alif maqsura and hamza end a word, as in names; a word whose letter-by-letter Latin
    happens to be a known spelling (هانة → "Hana") is left out, since that spelling is read as the name.
    """
    word: str = draw(st.sampled_from("ابتثجحخدذرزسشصضطظعغفقكمنهويأإ"))
    word += draw(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=2, max_size=5))
    word += draw(st.sampled_from(["", *"ابتثجحخدذرزسشصضطظعغفقكلمنهويةىء"]))
    if draw(st.booleans()) and word[0] not in "اأإ":
        word = "ال" + word
    assume("لل" not in word)
    assume(not any(isinstance(found, NameMatch) for found in name_table().resolve(script_words(name_to_latin(word)))))
    return word


@given(st.lists(st.one_of(arabic_names, unknown_arabic_names()), min_size=1, max_size=4))
def test_an_arabic_name_and_its_latin_rendering_have_one_key(words: list[str]) -> None:
    text = " ".join(words)
    assert name_key(name_to_latin(text)) == name_key(text)

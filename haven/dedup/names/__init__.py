"""Iraqi person names: cleaning, script, a key on which spellings meet, and transliteration.

Pure functions over text and a table of common Iraqi names (`data/iraqi_names.csv`); no database.
"""

from haven.dedup.names.key import name_key, name_keys_equal
from haven.dedup.names.table import NameEntry, NameTable, name_table
from haven.dedup.names.text import full_name, name_clean, name_script
from haven.dedup.names.transliterate import name_to_arabic, name_to_latin

__all__ = [
    "NameEntry",
    "NameTable",
    "full_name",
    "name_clean",
    "name_key",
    "name_keys_equal",
    "name_script",
    "name_table",
    "name_to_arabic",
    "name_to_latin",
]

"""Phone and document numbers and names as field teams write them, reduced to the form they are compared in."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from haven.dedup.names import name_key
from haven.population.imports.values import phone_normalise

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

__all__ = ["document_number_key", "name_tokens", "name_tokens_stored", "phone_display", "phone_normalise"]


def phone_display(number: str) -> str:
    """`+9647701234567` as Iraqis read it: `0770 123 4567`; anything else unchanged."""
    if number.startswith("+9647") and len(number) == 14:
        local = "0" + number[4:]
        return f"{local[:4]} {local[4:7]} {local[7:]}"
    return number


def document_number_key(number: str) -> str:
    """A document number without spaces, dashes or case, as numbers are compared."""
    return re.sub(r"[^0-9A-Za-z\u0660-\u0669]", "", str(number).translate(_ARABIC_DIGITS)).upper()


def name_tokens(parts: Iterable[str]) -> list[str]:
    """The search keys of a person's name parts, each spelling alternative a token of its own.

    `name_key` may give alternatives (`Alia` → `alya:aliya`) where a Latin spelling could be either
    Arabic name; a search matches any of them.
    """
    tokens: list[str] = []
    for part in parts:
        for word in str(part).split() if part else []:
            for token in name_key(word).split(":"):
                if token and token not in tokens:
                    tokens.append(token)
        whole = name_key(part) if part and len(str(part).split()) > 1 else ""
        for token in whole.split(":") if whole else []:
            if token and token not in tokens:
                tokens.append(token)
    return tokens


@lru_cache(maxsize=100_000)
def _tokens_cached(parts: tuple[str, ...]) -> str:
    tokens = name_tokens(parts)
    return f" {' '.join(tokens)} " if tokens else ""


def name_tokens_stored(parts: Iterable[str]) -> str:
    """Tokens as stored on a person: space-separated with a space at each end, so a search can anchor on one."""
    return _tokens_cached(tuple(parts))

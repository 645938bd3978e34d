"""What text a registration CSV is: UTF-8 (with or without BOM) or Windows-1256 Arabic, or something to refuse.

The whole file is read once, in chunks, before any row is: a file is refused before anything is staged rather
than half way through, and the line count gives the progress estimate for free.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import gettext as _

from haven.population.imports.layout import FileRefused

_CHUNK = 1 << 20
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# Latin-1 text read as Windows-1256 turns accented letters into Arabic ones inside Latin words.
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SCRIPT_SEAM = re.compile("[A-Za-z\u00c0-\u00ff][\u0621-\u064a]|[\u0621-\u064a][A-Za-z\u00c0-\u00ff]")


def text_encoding(path: Path, *, name: str) -> tuple[str, int]:
    """The codec that reads this file and its number of lines; refuses what is not UTF-8 or Windows-1256 text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    failure_line = 0  # the line of the first byte that is not UTF-8
    lines = size = controls = 0
    last = b""
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise FileRefused(
                _("%(file)s is saved as UTF-16 (“Unicode text”). Save it as “CSV UTF-8” and upload it again.")
                % {"file": name}
            )
        stream.seek(0)
        while chunk := stream.read(_CHUNK):
            if b"\x00" in chunk:
                raise FileRefused(
                    _(
                        "%(file)s is not a text file: it holds NUL bytes (it is binary, or text saved as UTF-16). "
                        "Upload the registration as CSV UTF-8 or XLSX."
                    )
                    % {"file": name}
                )
            controls += len(chunk) - len(chunk.translate(None, _CONTROL_BYTES))
            if not failure_line:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    failure_line = lines + chunk[: exc.start].count(b"\n") + 1
            lines += chunk.count(b"\n")
            size += len(chunk)
            last = chunk[-1:]
        if not failure_line:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                failure_line = lines + 1
    lines += 0 if last == b"\n" else 1
    # Any real spreadsheet export has next to no control characters; binary data has one byte in nine.
    if controls * 100 > size:
        raise FileRefused(
            _("%(file)s is not a text file: it holds binary data. Upload the registration as CSV UTF-8 or XLSX.")
            % {"file": name}
        )
    if not failure_line:
        return ("utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"), lines
    reading = _other_reading(path)
    if reading.utf8_bytes > reading.stray_bytes:
        raise FileRefused(
            _(
                "%(file)s is UTF-8 text with invalid bytes near line %(line)d: part of it was saved in another "
                "encoding. Save it again as “CSV UTF-8”."
            )
            % {"file": name, "line": failure_line}
        )
    if not reading.arabic or reading.seams * 20 > reading.arabic:
        raise FileRefused(
            _(
                "%(file)s is neither UTF-8 text nor Windows-1256 Arabic text (it may be Latin-1 or another "
                "encoding). Save it as “CSV UTF-8” and upload it again."
            )
            % {"file": name}
        )
    return "cp1256", lines


class _Reading(NamedTuple):
    utf8_bytes: int  # bytes of well-formed UTF-8 sequences beyond ASCII
    stray_bytes: int  # bytes beyond ASCII outside such sequences
    arabic: int  # Arabic letters when read as Windows-1256
    seams: int  # places where such a letter touches a Latin one


def _other_reading(path: Path) -> _Reading:
    # A file that is not UTF-8 throughout is either UTF-8 with a part pasted from elsewhere (mostly well-formed
    # sequences) or another encoding, whose bytes only now and then form one: Kurdish ک after ا in Windows-1256
    # is the UTF-8 for ǘ. Windows-1256 gives every byte a character, so it must also read as Arabic words.
    utf8_bytes = high_bytes = arabic = seams = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            utf8_bytes += len(chunk) - len(_UTF8_SEQUENCE.sub(b"", chunk))
            high_bytes += len(chunk) - len(chunk.translate(None, _HIGH_BYTES))
            text = chunk.decode("cp1256")
            arabic += _ARABIC_LETTER.subn("", text)[1]
            seams += _SCRIPT_SEAM.subn("", text)[1]
    return _Reading(utf8_bytes, high_bytes - utf8_bytes, arabic, seams)

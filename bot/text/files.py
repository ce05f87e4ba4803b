"""The operator's text files (CSV, .txt): their bytes as text, and a CSV file's separator.

Offices save CSV files from Excel, LibreOffice or Notepad in whatever the machine uses:
UTF-8 with or without a byte order mark, "Unicode" (UTF-16 with a BOM), the old Vietnamese
Windows code page 1258, with commas, semicolons or tabs between the columns. `decode_text`
reads all of those or refuses the file with the line where it stops being text; it never
hands back a wrong guess without saying so.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator

from bot.text.i18n import N_, gettext

NOT_TEXT = N_("the file is not text in UTF-8, UTF-16 or Windows-1258; save it as CSV UTF-8")

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Characters no text file holds: C0 controls other than tab, line feed, vertical tab, form
# feed and carriage return. A file of random bytes or UTF-16 without its BOM is full of them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# In Windows-1258 a tone mark is a byte of its own that follows its vowel; one that follows
# anything but a letter means the bytes are not Vietnamese text in that code page.
_LOOSE_MARK = re.compile(r"(?<![^\W\d_])[\u0300-\u036f]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
DELIMITERS = (",", ";", "\t")


class NotText(ValueError):
    """The bytes are not text in an encoding we read; `line` is the first line that is not.

    `str()` is the message (NOT_TEXT) in the current language.
    """

    def __init__(self, line: int) -> None:
        super().__init__(gettext(NOT_TEXT))
        self.line = line


def decode_text(content: bytes) -> str:
    """The text of an operator's file, NFC-normalised, without a byte order mark.

    Read in this order: UTF-16 (little or big endian) when the file starts with its BOM;
    UTF-8 with or without a BOM; otherwise Windows-1258 (Python's "cp1258"), whose tone
    marks are separate combining characters, composed here so that "Hà Nội" read from it
    equals the UTF-8 spelling.

    Latin-1 (and Windows-1252) files are read as Windows-1258 when their bytes are valid
    there: the code pages agree on ASCII and most accented letters (é, è, ç, ü, ô…), but
    Latin-1's Ã ã Õ õ Ð ð Ý ý Þ þ come out as Ă ă Ơ ơ Đ đ Ư ư (a tone mark) ₫, and Ì ì Ò ò
    as tone marks on the letter before. That is accepted: such files are rare here, and the
    names that matter are Vietnamese.

    Raises NotText, with the line of the first offending byte, when the bytes are none of
    these: invalid in each encoding, holding control characters (NUL and the like), or, read
    as Windows-1258, a tone mark on something that is not a letter.
    """
    if content.startswith(_UTF16_BOMS):
        text = _decode(content, "utf-16")
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as utf8_error:
            try:
                text = content.decode("cp1258")
            except UnicodeDecodeError:
                raise NotText(content.count(b"\n", 0, utf8_error.start) + 1) from None
            loose = _LOOSE_MARK.search(text)
            if loose is not None:
                raise NotText(_line_at(text, loose.start())) from None
    control = _CONTROL.search(text)
    if control is not None:
        raise NotText(_line_at(text, control.start()))
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def _decode(content: bytes, encoding: str) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as exc:
        before = content[: exc.start].decode(encoding, errors="replace")
        raise NotText(before.count("\n") + 1) from None


def _line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def text_lines(text: str) -> Iterator[str]:
    """The lines of `text` one at a time, each with its line ending (\\n, \\r\\n or \\r), as
    the csv module wants them; a leading BOM is dropped. Nothing is copied but the line."""
    start = 1 if text.startswith("\ufeff") else 0
    for match in _LINE.finditer(text, start):
        yield match.group()


def csv_delimiter(text: str) -> str:
    """The separator of a CSV file, read from its header line: `,`, `;` or a tab.

    The one that occurs most often outside quotes wins (a tie goes to the comma, then the
    semicolon); a header of one column is comma-separated.
    """
    header = next(text_lines(text), "")
    unquoted = "".join(header.split('"')[::2])
    counts = [unquoted.count(delimiter) for delimiter in DELIMITERS]
    best = max(counts)
    return DELIMITERS[counts.index(best)] if best else ","

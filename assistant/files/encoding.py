"""Which encoding a text file is in, decided before a line is read, and checked byte by byte.

One discipline for every file a user gives (a batch CSV, a profile, eval cases). A BOM decides
(UTF-8, UTF-16 or UTF-32). Without one, zero bytes in the places ASCII letters leave them tell
UTF-16 and UTF-32 (little or big endian). Else a file that decodes as UTF-8 is UTF-8 (the
readers drop a stray zero byte); one that does not and holds many zero bytes is not text, and
is refused. A file with UTF-8 letters and a few bytes that are not is UTF-8 with damage: it is
refused with the lines and byte positions of the bad bytes, never read as something else. A
file with no UTF-8 letters at all is a Polish Windows (cp1250) or ISO-8859-2 file:
charset-normalizer's choice between the two, checked by counting Polish letters against the
signs of the wrong one (`Świat` read as ISO-8859-2 from cp1250 gives `¦wiat`). The whole file
is then decoded strictly in chunks (constant memory); a forced encoding (`--encoding NAME`)
skips the guess.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

CHUNK = 1 << 20
SAMPLE = 4 << 20  # bytes looked at to choose an encoding
LEGACY = ("cp1250", "iso8859_2")
SHOWN_ERRORS = 3
MAX_COUNTED = 1000
STRAY_ZEROS = 0.01  # share of zero bytes above which a file is UTF-16/32 or not text
CSV_FIX = (
    "Fix the file, or pass --encoding NAME (e.g. utf-8, cp1250, iso-8859-2) to read it anyway (bad bytes become U+FFFD)"
)
_INCOMPLETE = ("unexpected end of data", "truncated data")
# (BOM, encoding to read with, codec to check the bytes after the BOM with); UTF-32 LE's BOM starts like UTF-16 LE's
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# Where the zero bytes of ASCII text fall, by byte position modulo 4, in each wide encoding
_WIDE = {
    "utf-32-le": (False, True, True, True),
    "utf-32-be": (True, True, True, False),
    "utf-16-le": (False, True, False, True),
    "utf-16-be": (True, False, True, False),
}
_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ASCII = bytes(range(0x80))
_POLISH = set("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ")
_WRONG = set("¶±¦Ľľ¼\ufffd") | {chr(c) for c in range(0x80, 0xA0)}  # Polish letters read in the other code page


@dataclass
class BadBytes:
    """Where a file does not decode: the first few (line, byte offset, byte) and the count."""

    count: int = 0
    first: list[tuple[int, int, int]] = field(default_factory=list)

    def describe(self) -> str:
        where = ", ".join(f"line {line} byte {offset} (0x{value:02x})" for line, offset, value in self.first)
        more = f" and {self.count - len(self.first)} more" if self.count > len(self.first) else ""
        return f"{self.count} bad byte{'s' if self.count > 1 else ''}: {where}{more}"


def detect_encoding(path: Path, forced: str | None = None, *, fix: str = CSV_FIX) -> str:
    """The encoding to read `path` with; an `InputError` naming the encoding, lines and bytes when
    it is damaged or not text (`fix` says what to do about it)."""
    if forced:
        return _known(forced)
    with path.open("rb") as handle:
        head = handle.read(SAMPLE)
    for bom, encoding, codec in _BOMS:
        if head.startswith(bom):
            return _checked(path, encoding, scan(path, codec, skip=len(bom)), fix)
    wide = wide_encoding(head) if b"\0" in head else None
    if wide is not None:
        return _checked(path, wide, scan(path, wide), fix)
    bad = scan(path, "utf-8")
    if not bad.count:
        return "utf-8"  # a stray zero byte or two is dropped by the readers
    if head.count(0) > len(head) * STRAY_ZEROS:
        raise InputError(
            f"{path.name} is not a text file (it holds zero bytes, and not as UTF-16 or UTF-32 text does): "
            "save it as text, UTF-8",
            field="encoding",
        )
    if _mostly_utf8(head):
        raise _damaged(path, "utf-8", bad, fix)
    encoding = legacy_encoding(head)
    return _checked(path, encoding, scan(path, encoding), fix)


def wide_encoding(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 (and its byte order) of text without a BOM, told by where its zero bytes
    fall: most ASCII letters leave zeros in the same places; None when they fall anywhere."""
    quads = len(sample) // 4
    if not quads:
        return None
    zeros = [sample[i : quads * 4 : 4].count(0) / quads for i in range(4)]
    for encoding, where in _WIDE.items():
        if all(share > 0.5 if zero else share < 0.05 for share, zero in zip(zeros, where, strict=True)):
            return encoding
    return None


def _mostly_utf8(sample: bytes) -> bool:
    """True when most non-ASCII bytes form UTF-8 letters (a cp1250 `róż` makes one by chance)."""
    high = len(sample.translate(None, _ASCII))
    return sum(map(len, _UTF8_LETTER.findall(sample))) * 2 >= high > 0


def legacy_encoding(sample: bytes) -> str:
    """cp1250 or ISO-8859-2 for bytes with Polish letters: the detector's pick unless the other
    one reads more Polish letters and fewer signs of the wrong code page."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=list(LEGACY)).best()
    first = best.encoding if best and best.encoding in LEGACY else LEGACY[0]
    return max(sorted(LEGACY, key=lambda name: name != first), key=lambda name: _polish_score(sample, name))


def _polish_score(sample: bytes, encoding: str) -> int:
    text = sample.decode(encoding, errors="replace")
    return sum(char in _POLISH for char in text) - 2 * sum(char in _WRONG for char in text)


def scan(path: Path, codec: str, skip: int = 0) -> BadBytes:
    """Decode `path` in chunks (constant memory) and report the bytes that are not valid `encoding`.

    `skip` bytes (a BOM) are left out. Counting stops at `MAX_COUNTED` bad bytes: a file that
    bad is not text in that codec.
    """
    bad = BadBytes()
    carry, offset, line = b"", skip, 1  # undecoded bytes from the last chunk, and where they start
    with path.open("rb") as handle:
        handle.seek(skip)
        while bad.count < MAX_COUNTED:
            chunk = handle.read(CHUNK)
            data, final = carry + chunk, not chunk
            carry = _scan_data(data, codec, final, offset, line, bad)
            used = len(data) - len(carry)
            offset += used
            line += data.count(b"\n", 0, used)
            if final:
                return bad
    return bad


def _scan_data(data: bytes, codec: str, final: bool, offset: int, line: int, bad: BadBytes) -> bytes:
    """Note the bad bytes of `data`; return the incomplete tail to carry into the next chunk."""
    start = 0
    while start < len(data) and bad.count < MAX_COUNTED:
        try:
            data[start:].decode(codec)
            return b""
        except UnicodeDecodeError as error:
            at = start + error.start
            if not final and error.reason in _INCOMPLETE and start + error.end >= len(data):
                return data[at:]
            bad.count += 1
            if len(bad.first) < SHOWN_ERRORS:
                bad.first.append((line + data.count(b"\n", 0, at), offset + at, data[at]))
            start = start + error.end
    return b""


def _checked(path: Path, encoding: str, bad: BadBytes, fix: str) -> str:
    if bad.count:
        raise _damaged(path, encoding, bad, fix)
    return encoding


def _damaged(path: Path, encoding: str, bad: BadBytes, fix: str) -> InputError:
    return InputError(f"{path.name} is not valid {encoding}: {bad.describe()}. {fix}", field="encoding")


def _known(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise InputError(
            f"--encoding {name!r} is not an encoding Python knows; try utf-8, cp1250 or iso-8859-2", field="encoding"
        ) from None

"""Bytes of an input file to text, and the checks that text is text.

Encodings: UTF-8 (BOM or not), UTF-16/32 with a BOM, UTF-16 without one (told by its zero bytes),
else the charset an HTML page declares, else cp1252, else Latin-1. A file that is UTF-8 but for a
few bad bytes (its valid multi-byte characters at least as many as its bad bytes) is not guessed
at: the bad bytes are kept as lone surrogates (Python's "surrogateescape") and the readers report
them by line, so in a .jsonl file only the lines that hold them are lost."""
from __future__ import annotations

import codecs
import re

from kg.errors import ArticleError

_BOMS = (  # UTF-32 first: its little-endian BOM starts with the UTF-16 one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Control characters that no text file holds (tab, line feed, vertical tab, form feed, carriage
# return and the C1 next-line are allowed); more than a few of them and the file is binary.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f]")
_BINARY_SAMPLE = 65_536
BINARY = "binary file, not an article"
EMPTY = "empty file"


def _declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag near its top, if Python knows it."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_bytes(data: bytes, path: str) -> str:
    """The text of an input file; ArticleError when it is empty or binary."""
    text = _decode(data, path)
    if not text.strip():
        raise ArticleError(path, EMPTY)
    if looks_binary(text):
        raise ArticleError(path, BINARY)
    return text


def looks_binary(text: str) -> bool:
    """Whether decoded text is in fact binary data: a NUL, or control characters past 1 in 100."""
    sample = text[:_BINARY_SAMPLE]
    return "\x00" in sample or len(_CONTROLS.findall(sample)) > max(2, len(sample) // 100)


def invalid_char(text: str) -> tuple[int, int, str] | None:
    """(line, column, description) of the first character that is no Unicode text (a lone
    surrogate: a byte that was not UTF-8, or a JSON \\udXXX escape alone), or None."""
    m = _SURROGATE.search(text)
    if not m:
        return None
    line = text.count("\n", 0, m.start()) + 1
    column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    code = ord(m.group())
    what = f"byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"character U+{code:04X}"
    return line, column, what


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM, told by its zero bytes: every other byte of ASCII-range text."""
    if len(data) < 16 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, others, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and others.count(0) <= 0.05 * len(others):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes, kept as lone surrogates; None when it reads as another encoding."""
    text = data.decode("utf-8", "surrogateescape")
    bad = len(_SURROGATE.findall(text))
    multibyte = sum(1 for ch in text if ch > "\x7f") - bad
    return text if multibyte >= bad else None


def _decode(data: bytes, path: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff")
            except UnicodeDecodeError as exc:
                raise ArticleError(path, f"cannot decode as {encoding}: {exc.reason}") from None
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ArticleError(path, BINARY)
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _mostly_utf8(data)
    if text is not None:
        return text
    declared = _declared_charset(data)
    for encoding in filter(None, (declared, "cp1252")):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")

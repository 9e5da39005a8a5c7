"""Decode a fetched page the way a browser would: w3lib's html_to_unicode (Scrapy's own).

w3lib reads, in order, a byte-order mark, the HTTP Content-Type charset, then <meta charset> /
<meta http-equiv> / the XML declaration (stopping at <body>, skipping comments), and maps the
labels browsers alias (latin-1 -> windows-1252, gb2312 -> gb18030, ...). What it lacks, kept
here and each shown by a test in tests/test_encoding.py:

- a page with no declaration goes to w3lib's auto-detect hook: UTF-8 when the bytes are
  valid UTF-8, else charset-normalizer's guess, else windows-1252 (w3lib alone decodes it as
  UTF-8, every accented byte a U+FFFD);
- a page declared in a single-byte or legacy charset whose bytes are valid UTF-8 with
  non-ASCII text is UTF-8 (8 of 658 corpus pages: a CMS template's stale <meta>; w3lib
  gives mojibake or U+FFFD);
- a UTF-16/32 label on a page without a BOM whose markup reads as ASCII is a lie and means
  UTF-8, as browsers treat it (w3lib decodes the page as UTF-16-BE: CJK noise).

>>> decode_html(b'<meta charset="iso-8859-1"><p>caf\\xe9')[0][-4:]
'café'
"""
from __future__ import annotations

from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
    to_unicode,
)

_WIDE = ("utf-16", "utf-32")


def declared_encoding(body: bytes, content_type: str | None) -> str | None:
    """The encoding the page or the server declares (BOM first), or None."""
    bom_encoding, _bom = read_bom(body)
    if bom_encoding:
        return bom_encoding
    label = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    return "utf-8" if label and _wide_lie(label, body) else label


def sniff(body: bytes) -> str:
    """For a page that declares nothing: UTF-8 if valid, else charset-normalizer's guess, else cp1252."""
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(body[:200_000]).best()
    return (resolve_encoding(best.encoding) if best else None) or "cp1252"


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Never raises; undecodable bytes become U+FFFD."""
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=sniff)
    has_bom = read_bom(body)[0] is not None
    if not has_bom and _wide_lie(encoding, body):
        return to_unicode(body, "utf-8"), "utf-8"
    if not has_bom and not encoding.startswith(("utf-8", *_WIDE)) and not body.isascii():
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    return text, encoding


def _wide_lie(encoding: str, body: bytes) -> bool:
    """A UTF-16/32 label on bytes whose start holds no NUL (ASCII-readable markup) is wrong."""
    return encoding.startswith(_WIDE) and not body.startswith((b"\xff\xfe", b"\xfe\xff")) \
        and b"\x00" not in body[:1024]

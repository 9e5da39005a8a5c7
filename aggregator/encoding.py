"""Decode a fetched page the way a browser would.

Order (WHATWG-ish): byte-order mark, HTTP Content-Type charset, <meta charset> /
<meta http-equiv="Content-Type"> in the first 4 KB, then UTF-8 if the bytes are valid UTF-8,
then charset-normalizer's guess, then windows-1252. Labels browsers alias are mapped
(latin-1 / iso-8859-1 / ascii -> windows-1252, gb2312 -> gb18030, ...).

>>> decode_html(b'<meta charset="iso-8859-1"><p>caf\\xe9')[0][-4:]
'café'
"""
from __future__ import annotations

import codecs
import re

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]+encoding\s*=\s*[\"']([\w.:-]+)", re.I)
# What browsers actually use for these labels.
_ALIASES = {
    "iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "iso8859-1": "cp1252", "gb2312": "gb18030", "gbk": "gb18030",
    "x-gbk": "gb18030", "iso-8859-9": "cp1254", "tis-620": "cp874", "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949", "shift_jis": "cp932", "x-sjis": "cp932", "sjis": "cp932",
    "utf8": "utf-8", "unicode": "utf-8", "utf-16": "utf-8",  # a meta saying utf-16 is a lie
}


def normalise_label(label: str | None) -> str | None:
    """Python codec name for a charset label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _detect(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - dependency is pinned
        return None
    best = from_bytes(body[:200_000]).best()
    return normalise_label(best.encoding) if best else None


def declared_encoding(body: bytes, content_type: str | None) -> str | None:
    """The encoding the page or the server declares (BOM first), or None."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    if content_type:
        match = _HTTP_CHARSET.search(content_type)
        enc = normalise_label(match.group(1)) if match else None
        if enc:
            return enc
    head = body[:4096]
    for pattern in (_META_CHARSET, _XML_DECL):
        match = pattern.search(head)
        if match:
            enc = normalise_label(match.group(1).decode("ascii", "replace"))
            if enc:
                return enc
    return None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). Never raises; undecodable bytes become U+FFFD."""
    enc = declared_encoding(body, content_type)
    if enc:
        if enc.startswith("utf-8") and body.startswith(codecs.BOM_UTF8):
            body = body[3:]
        text = body.decode(enc, "replace")
        # A page declared as a single-byte charset but really UTF-8 is common: prefer UTF-8
        # when the bytes are valid UTF-8 and hold multi-byte sequences.
        if enc != "utf-8" and not enc.startswith("utf-16"):
            try:
                utf = body.decode("utf-8")
            except UnicodeDecodeError:
                return text, enc
            if any(ord(c) > 127 for c in utf[:200_000]):
                return utf, "utf-8"
        return text, enc
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    enc = _detect(body) or "cp1252"
    return body.decode(enc, "replace"), enc

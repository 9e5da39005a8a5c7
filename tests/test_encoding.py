"""Page decoding: w3lib's html_to_unicode, plus only the rules it lacks — each test shows the
gap (what w3lib alone gives) next to what the page says."""
from __future__ import annotations

from w3lib.encoding import html_to_unicode

from aggregator.encoding import declared_encoding, decode_html
from tests.conftest import FIXTURES

FRENCH = "La ministre défend sa réforme des retraites devant l’Assemblée"


def test_undeclared_legacy_page_is_sniffed_not_replaced() -> None:
    body = (FIXTURES / "extract" / "cp1252_nocharset.html").read_bytes()
    assert "\ufffd" in html_to_unicode(None, body)[1]          # w3lib alone: UTF-8 with U+FFFD
    text, encoding = decode_html(body)
    assert FRENCH in text and encoding == "cp1252"


def test_undeclared_cyrillic_page_is_not_read_as_western() -> None:
    body = ("<html><body><ul>" + "".join(
        f"<li><a href='/n/{i}'>Правительство утвердило новый план развития транспорта на {2026 + i} год</a></li>"
        for i in range(5)) + "</ul></body></html>").encode("cp1251")
    text, encoding = decode_html(body)
    assert "Правительство утвердило" in text and encoding == "cp1251"


def test_stale_single_byte_declaration_on_a_utf8_page_reads_utf8() -> None:
    body = f'<meta charset="iso-8859-1"><h1>{FRENCH}</h1>'.encode()
    assert "dÃ©fend" in html_to_unicode(None, body)[1]          # w3lib alone: mojibake
    assert decode_html(body) == (f'<meta charset="iso-8859-1"><h1>{FRENCH}</h1>', "utf-8")


def test_a_real_single_byte_page_keeps_its_declaration() -> None:
    body = f'<meta charset="iso-8859-1"><h1>{FRENCH.replace("’", chr(39))}</h1>'.encode("cp1252")
    text, encoding = decode_html(body)
    assert encoding == "cp1252" and "défend" in text


def test_utf16_label_on_ascii_readable_markup_means_utf8() -> None:
    body = f'<meta charset="utf-16"><h1>{FRENCH}</h1>'.encode()
    assert html_to_unicode(None, body)[0] == "utf-16-be"          # w3lib alone: CJK noise
    assert declared_encoding(body, None) == "utf-8"
    assert decode_html(body)[0].endswith(f"{FRENCH}</h1>")
    real = "\ufeff<h1>café</h1>".encode("utf-16-le")              # a real UTF-16 page (BOM) stays one
    assert decode_html(real) == ("<h1>café</h1>", "utf-16-le")


def test_from_w3lib_header_beats_meta_and_comments_declare_nothing() -> None:
    body = "<!-- <meta charset='koi8-r'> --><meta charset='windows-1252'><p>très</p>".encode("cp1252")
    assert declared_encoding(body, None) == "cp1252"
    assert declared_encoding(body, "text/html; charset=ISO-8859-15") == "iso8859-15"
    assert decode_html(b"\xef\xbb\xbf<p>caf\xc3\xa9</p>") == ("<p>café</p>", "utf-8")

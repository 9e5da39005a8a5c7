"""The shortcuts extraction takes for speed give what the long way gives.

Each test pins a case on both sides of a shortcut's condition, so a shortcut that starts to
differ from the general path fails here rather than moving headlines on real pages.
"""
from __future__ import annotations

import unicodedata
from urllib.parse import urljoin

from lxml import etree, html

from aggregator.clean import clean_text, fold, headline_key
from aggregator.cues import NAV, element_flags, more_words_than, word_count
from aggregator.detect import Detector, _letters_over
from aggregator.headline_text import link_headline, pieces, run_text, text_headline
from aggregator.urls import _has_slug, resolve, strip_fragment, url_shape


def test_clean_text_fast_path_agrees_with_the_long_one() -> None:
    # Composed, printable, no entity: the fast path. Each neighbour below needs the long path.
    assert clean_text("Zürich  öffnet   Café") == ("Zürich öffnet Café", False)
    assert clean_text("Zu\u0308rich o\u0308ffnet") == ("Zürich öffnet", False)  # decomposed: NFC
    assert clean_text("Zürich\u00a0öffnet\u200b Café") == ("Zürich öffnet Café", False)  # NBSP, zero-width
    assert clean_text("Zürich &amp; Café") == ("Zürich & Café", False)  # entity
    assert clean_text("ZÃ¼rich Ã¶ffnet") == ("Zürich öffnet", False)  # mojibake repaired
    assert clean_text("Zürich öffnet sein Caf…") == ("Zürich öffnet sein Caf…", True)


def test_fold_translates_only_what_needs_it() -> None:
    assert fold("\u201cZürich\u201d \u2013 Café") == '"Zürich" - Café'
    plain = "Zürich öffnet"
    assert fold(plain) == unicodedata.normalize("NFKC", plain)
    assert headline_key("\u201cZürich\u201d öffnet\u2026") == headline_key('"Zürich" öffnet')


def test_text_only_link_headline_is_the_cached_text_path() -> None:
    for inner in ("  Man rescues\n dog from river ", "2 hours ago", "Watch: Man rescues dog | Video"):
        a = html.fragment_fromstring(f'<a href="/x">{inner}</a>')
        assert link_headline(a) == text_headline(inner)


def test_letters_over_counts_letters_only() -> None:
    assert _letters_over("a1 " * 30 + "b", 30)  # 31 letters among digits and spaces
    assert not _letters_over("a1 " * 30, 30)
    assert _letters_over("日本語の記事" * 6, 30)
    assert not _letters_over("12:30 — 45 — " * 10, 30)


def test_path_numbers_group_same_structure_and_pool_across_ids() -> None:
    root = etree.fromstring(
        '<html><body>'
        '<div id="col-a" class="col"><ul class="list"><li><a href="/1">x</a></li><li><a href="/2">y</a></li></ul></div>'
        '<div id="col-b" class="col"><ul class="list"><li><a href="/3">z</a></li></ul></div>'
        '<div class="col"><ol class="list"><li><a href="/4">w</a></li></ol></div>'
        '</body></html>', etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    links = list(root.iter("a"))
    sigs = [det._node(a.getparent()) if a.getparent() not in det._path else det._path[a.getparent()] for a in links]
    assert sigs[0] == sigs[1]                     # siblings in one list
    assert sigs[0] != sigs[2] != sigs[3]          # other column (id), other list tag
    assert det.path_text(sigs[2]).endswith("div.col#col-b/ul.list#/li.#")
    assert det.path_text(sigs[0]).replace("col-a", "col-b") == det.path_text(sigs[2])


def test_run_text_is_the_text_nodes_run_together() -> None:
    a = html.fragment_fromstring('<a href="/x">Kicker<b>Floods</b> close <span>two<i>roads</i></span>\n</a>')
    assert run_text(a) == "".join(a.itertext()) == "KickerFloods close tworoads\n"


def test_short_menu_test_joins_text_nodes_where_running_them_together_hides_words() -> None:
    root = etree.fromstring(
        '<html><body><nav><ul>'
        '<li><a href="/a"><span>Floods</span><span>close</span> two roads</a></li>'
        '<li><a href="/b">Sport</a></li><li><a href="/c">Weather</a></li>'
        '</ul></nav></body></html>', etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    links = [(i, a, a.get("href"), run_text(a), a.getparent()) for i, a in enumerate(root.iter("a"))]
    assert links[0][3] == "Floodsclose two roads"  # three words run together, four as headlines read
    assert not det.short_nav_bucket(links)  # so not a menu of short links
    assert det.short_nav_bucket(links[1:])


def test_first_pass_reads_a_textless_link_by_its_title() -> None:
    root = etree.fromstring(
        '<html><body><ul>'
        '<li><a href="/2026/01/02/floods-close-roads"> <img src="x.png"> </a></li>'
        '<li><a href="/2026/01/02/rain-keeps-falling" title="Rain keeps falling on the town"> <img src="y.png"></a></li>'
        '</ul></body></html>', etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    assert [c.text for c in det.candidates()] == ["Rain keeps falling on the town"]


def test_first_pass_joins_a_link_whose_text_nodes_run_together_into_one_word() -> None:
    root = etree.fromstring(
        '<html><body><ul><li><a href="/2026/01/02/floods-close-roads" aria-label="Floods close roads">'
        '<div>Floods</div><div>close</div><div>roads</div><div>today</div></a></li></ul></body></html>',
        etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    assert run_text(root.find(".//a")) == "Floodscloseroadstoday"  # one word run together
    assert [c.text for c in det.candidates()] == ["Floods close roads"]


def test_resolve_shortcuts_give_what_urljoin_gives() -> None:
    base = "https://site.example/news/page.html"
    assert resolve(base, " https://other.example/a-b ") == "https://other.example/a-b"
    assert resolve(base, "/2026/01/02/floods") == "https://site.example/2026/01/02/floods"
    # Neighbours of the shortcuts take the long way and still resolve as urljoin does.
    assert resolve(base, "HTTPS://other.example/a") == urljoin(base, "HTTPS://other.example/a")
    assert resolve(base, "/a/./b") == urljoin(base, "/a/./b")
    assert resolve(base, "//cdn.example/x") == "https://cdn.example/x"
    assert resolve(base, "story-two") == "https://site.example/news/story-two"
    for skipped in ("#top", "javascript:void(0)", "JavaScript:go()", "mailto:a@b.example", "tel:123", ""):
        assert resolve(base, skipped) is None
    # A Wayback capture is unwrapped on either shortcut; a capture of a non-web URL is refused.
    capture = "https://web.archive.org/web/20220721144042/https://telegraf.al/sport/a-b-c-d"
    assert resolve(base, capture) == "https://telegraf.al/sport/a-b-c-d"
    assert resolve("https://web.archive.org/web/2022/https://x.example/", "/web/20220721144042/x.example/a") \
        == "http://x.example/a"
    assert resolve(base, "https://web.archive.org/web/2022/ftp://files.example/a") is None


def test_slug_found_in_any_folder_not_only_the_last() -> None:
    assert url_shape("https://site.example/news/floods-close-two-roads") == "story"
    assert url_shape("https://site.example/news/floods-close-two-roads/") == "story"
    assert url_shape("https://site.example/floods-close-two-roads/comments") == "story"  # slug not last
    assert url_shape("https://site.example/a-b/c-d/e-f") == "other"  # three separators, no slug
    assert _has_slug("/x/a-b-c-d") and _has_slug("/a-b-c-d/x") and not _has_slug("/a-b/c-d/e-f")


def test_more_words_than_is_word_count_compared() -> None:
    for text in ("one two three", "one two three ", " one  two three four ", "日本語のニュース記事です",
                 "日本 語", "a\u00a0b c d", ""):
        for n in (0, 2, 3, 4):
            assert more_words_than(text, n) == (word_count(text) > n), (text, n)


def test_element_flags_read_only_the_attributes_that_carry_words() -> None:
    el = etree.fromstring('<div data-props="{&quot;nav&quot;: 1}" style="menu" class="sidebar" '
                          'id="a-very-long-generated-identifier-of-menu"/>')
    assert element_flags(el) == element_flags(etree.fromstring('<div class="sidebar"/>'))
    assert element_flags(etree.fromstring('<div role="navigation" data-x="ad"/>')) == NAV
    assert element_flags(etree.fromstring('<div data-x="ad" title="menu"/>')) == 0


def test_strip_fragment_keeps_everything_before_the_first_hash() -> None:
    assert strip_fragment("https://site.example/a#b#c") == "https://site.example/a"
    assert strip_fragment("https://site.example/a") == "https://site.example/a"
    assert strip_fragment("#only") == ""


def test_pieces_split_where_an_element_that_is_not_inline_starts_or_ends() -> None:
    a = html.fragment_fromstring('<a href="/x">Kicker<div>Floods close <b>two</b> roads</div>'
                                 'after<br>the break<span> runs </span>on<i> and </i>on</a>')
    assert pieces(a) == ["Kicker", "Floods close two roads", "after", "the break", "runs", "on and on"]


def test_title_element_is_inside_the_link_never_the_link_itself() -> None:
    a = html.fragment_fromstring('<a class="title" href="/x"><span class="kicker">Storm</span>'
                                 '<span class="card__headline">Floods close two roads</span></a>')
    assert link_headline(a) == "Floods close two roads"


def test_first_pass_needs_both_words_and_an_address() -> None:
    root = etree.fromstring(
        '<html><body><ul>'
        '<li><a>Floods close two roads</a></li>'
        '<li><a href="">Rain keeps falling today</a></li>'
        '<li><a href="/2026/01/02/storm">Storm</a></li>'
        '<li><a href="/2026/01/02/wind-brings-trees-down">Wind brings trees down</a></li>'
        '</ul></body></html>', etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    assert [c.text for c in det.candidates()] == ["Wind brings trees down"]


def test_unspaced_script_test_is_the_run_pattern_found() -> None:
    from aggregator.cues import _ANY_UNSPACED, _UNSPACED

    for text in ("Zürich öffnet Café", "日本語のニュース", "ﾆｭｰｽ速報", "ข่าววันนี้", "ព័ត៌មាន", "서울 뉴스",
                 "Ελλάδα", "a\u0e00", "\u17ffz", "\u3040", "\u9fff", "\u30ff\u3400", ""):
        assert (_ANY_UNSPACED.search(text) is None) == (_UNSPACED.search(text) is None), text


def test_class_word_split_matches_the_rule_set_separators() -> None:
    from aggregator.cues import _NEGATIONS, _split_word
    from aggregator.rules import _SEPARATORS

    def by_regex(word: str) -> list[str]:  # the lower-case split as _SEPARATORS gives it
        words = [w for w in _SEPARATORS.split(word) if w]
        if len(words) > 1 and not _NEGATIONS.isdisjoint(words):
            words = [w for i, w in enumerate(words) if not (i and words[i - 1] in _NEGATIONS)]
        return words + ["".join(w for w in words if not w.isdigit())] if len(words) > 1 else words

    words = ["c-most-read", "article__title", "col-md-6", "a:b.c/d_e-f", "--x--", "x1", "top-10-stories",
             "non-ad-column", "a\u00a0b", "a\u2003-b", "-", "sidebar"]
    # Every separator _SEPARATORS knows, and whitespace it also splits at (a rule-set change must reach both).
    words += [f"ab{sep}cd" for sep in "_-:./ \t\x1c\u00a0\u2003"]
    for word in words:
        assert _split_word(word) == by_regex(word), repr(word)


def test_volatile_and_date_patterns_find_what_their_plain_forms_find() -> None:
    import re

    from aggregator.detect import _VOLATILE
    from aggregator.urls import _DATE

    volatile = re.compile(r"\d|first|last|odd|even|active|current|selected|open|show|hidden|visible|loaded|lazy")
    for word in ("is-active", "current", "nav", "lazyload", "item3", "show-more", "opener", "evening", "list",
                 "las", "laz", "visibl", "hid", "s", "", "ACTIVE"):
        assert (_VOLATILE.search(word) is None) == (volatile.search(word) is None), word
    date = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)|(?:19|20)\d{6}")
    for path in ("/2024/05/17/x", "/2024-5-", "/news/20240517-x", "/19991231", "/2024/13/", "/1920", "/x/2099/1",
                 "/a1920x", "/20", "/1/9/2/0", "/2024/05"):
        assert (_DATE.search(path) is None) == (date.search(path) is None), path


def test_pooled_path_is_the_path_text_without_ids() -> None:
    import re

    root = etree.fromstring(
        '<html><body>'
        '<div id="col-a" class="col"><ul class="w-1/2 list" id="a/b"><li><a href="/1">x</a></li></ul></div>'
        '<div class="bg-[#fff]"><ol><li><a href="/2">y</a></li></ol></div>'
        '</body></html>', etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    for a in root.iter("a"):
        sig = det._node(a.getparent())
        assert det.pooled_text(sig) == re.sub(r"#[^/]*", "#", det.path_text(sig))
    assert det.pooled_text(0) == ""


def test_utf8_check_reads_a_body_piece_by_piece_as_a_whole() -> None:
    from aggregator.extract import _UTF8_PIECE, _utf8_without_nul

    head = b"<html><body>" + b"x" * (_UTF8_PIECE - 13)
    straddling = head + "é".encode() + b"</body></html>"  # a two-byte character across two pieces
    assert _utf8_without_nul(straddling)
    assert not _utf8_without_nul(head + b"\xc3" + b"(" + b"</body></html>")  # broken across them
    assert not _utf8_without_nul(b"<p>caf\xc3")  # cut at the end
    assert not _utf8_without_nul(b"<p>caf\xe9 latin-1</p>")
    assert _utf8_without_nul("<p>Zürich – 日本</p>".encode())


def test_text_facts_finds_calls_and_utility_words_where_the_plain_searches_do() -> None:
    from aggregator.detect import SOFT_UTILITY, UTILITY, text_facts
    from aggregator.rules import rules

    r = rules()
    assert "tap to " in r["cta_tuple"] and "tap here " in r["cta_tuple"]
    assert text_facts("Tap to see the new season now")[1] == UTILITY       # an opener
    assert text_facts("Tap water runs brown across the city")[1] == 0      # its first word, not an opener
    assert text_facts("Tap")[1] == 0 and text_facts("Taps to see the city")[1] == 0
    word = sorted(w.casefold() for w in r["utility_words"])[0]
    for low in (f"{word} here", f"the news of {word} here and more today", f"x{word} here", f"_{word} here",
                f"3{word} here", f"({word}) today and more words here", "plain headline words only here"):
        plain = r["utility_re"].search(low)
        _score, kind = text_facts(low)
        if plain is None:
            assert kind == 0, low
        else:
            soft = len(low.split()) >= 6 and plain.start() > 0
            assert kind == (SOFT_UTILITY if soft else UTILITY), low


def _prose_by_walking(det: Detector, cand, parent) -> tuple[bool, bool]:
    """prose_context as it read a link before the per-parent cache: every sibling walked for
    each link (the plain form the cached one must agree with)."""
    from aggregator.detect import _INLINE_WRAP

    child = cand.el
    while parent is not None and parent.tag in _INLINE_WRAP and parent.getparent() is not None:
        if len(" ".join(run_text(parent).split())) > len(cand.text) + 3:
            break
        child, parent = parent, parent.getparent()
    before_parts, after_parts, seen = [parent.text or ""], [], False
    for sib in parent:
        if sib is child:
            seen = True
            after_parts.append(sib.tail or "")
            continue
        target = after_parts if seen else before_parts
        if isinstance(sib.tag, str) and sib.tag in _INLINE_WRAP and next(sib.iter("a"), None) is None:
            target.append(run_text(sib))
        target.append(sib.tail or "")
    return " ".join("".join(before_parts).split()), " ".join("".join(after_parts).split())


def test_text_around_a_link_read_once_per_parent_is_what_walking_the_siblings_reads() -> None:
    from aggregator.detect import Candidate

    root = etree.fromstring(
        '<html><body><p>Read the <b>full</b> story: <a href="/a">floods close two roads</a>, then '
        '<em>see</em> <a href="/b">how the town copes</a> and <span>more <a href="/c">x y</a></span> here. '
        '<!-- note --><a href="/d">last link of the text</a></p>'
        '<div><strong><a href="/e">one wrapped link here</a></strong> after it</div></body></html>',
        etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    for a in root.iter("a"):
        cand = Candidate(a, "https://site.example" + a.get("href"), " ".join(a.text.split()), 0)
        parent = a.getparent()
        before, after = _prose_by_walking(det, cand, parent)
        child = a
        while parent.tag in ("b", "strong", "em", "span") and det.text_length(parent) <= len(cand.text) + 3:
            child, parent = parent, parent.getparent()
        own, index, pieces, tails = det.around(parent)
        at = index[child]
        assert " ".join((own + "".join(pieces[:at])).split()) == before
        assert " ".join((tails[at] + "".join(pieces[at + 1:])).split()) == after
        assert det.prose_context(cand, a.getparent()) == det.prose_context(cand, a.getparent())  # cached: same
    assert det.around(root.find(".//p"))[0] == "Read the "


def test_walk_of_links_reads_an_h1_with_an_href_as_a_link_where_it_stands() -> None:
    page = ('<html><body><main><ul>'
            '<li><a href="/2026/01/02/floods-close-two-roads">Floods close two roads today</a></li>'
            '<li><h1 href="/2026/01/02/rain-keeps-falling-down">Rain keeps falling on the town</h1></li>'
            '<li><a href="/2026/01/02/schools-shut-for-the-week">Schools shut for the whole week</a></li>'
            '</ul></main></body></html>')
    root = etree.fromstring(page, etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    texts = [c.text for c in det.candidates()]
    assert texts == ["Floods close two roads today", "Rain keeps falling on the town", "Schools shut for the whole week"]
    assert root.find(".//main") in det._wrappers  # the main region noted before the walk


def test_possessive_slug_and_host_patterns_match_where_the_plain_ones_do() -> None:
    import re

    from aggregator.urls import _HOST, _SLUG, host

    slug = re.compile(r"(?<![^\W_])[^\W_]+(?:[-_+][^\W_]+){3,}")
    for path in ("/a-b-c-d", "/a-b-c", "/a--b-c-d-e", "/x/über-die-brücke-heute-nacht", "/a_b+c-d/", "/a-b-c-d_",
                 "/_a-b-c-d", "/ab-cd-ef-", "/a-b-c-d-e-f-g-h", "/2024-05-17-x", "/a-b/c-d-e-f", "/a.b-c-d-e"):
        for start in (0, 3):
            assert (_SLUG.search(path, start) is None) == (slug.search(path, start) is None), (path, start)
    plain_host = re.compile(r"^[a-z][a-z0-9+.-]*://(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)", re.I)
    for url in ("https://user:pw@Site.example:8080/a", "http://[::1]:80/x", "https://site.example?q=a@b",
                "https://site.example/a@b", "HTTPS://News.Site.example#x@y", "ftp://a@b@c/", "mailto:a@b", "//x/y"):
        plain = plain_host.match(url)
        assert (_HOST.match(url) and _HOST.match(url).group(1)) == (plain and plain.group(1)), url
    assert host("https://user@Site.example:8080/a") == "site.example"


def test_numbered_asks_the_letter_id_only_of_an_address_with_a_capital() -> None:
    from aggregator.urls import _DIGIT, _LETTER_ID, numbered

    for url in ("https://www.msn.com/en-us/news/ar-BBWPiKa", "https://site.example/news/success-stories/",
                "https://SITE.example/news/plain/", "https://site.example/a/YouTube-McDonalds", "https://site.example/x1",
                "https://site.example/", "https://site.example/ÉTÉ-ABCDEF"):
        start = url.find("/", url.find("//") + 2)
        plain = start != -1 and (_DIGIT.search(url, start) is not None or _LETTER_ID.search(url, start) is not None)
        assert numbered(url) == plain, url
    assert numbered("https://www.msn.com/en-us/news/ar-BBWPiKa") and not numbered("https://site.example/news/plain/")


def test_provider_suffix_test_folds_only_the_tail() -> None:
    from aggregator.headline_text import strip_suffixes
    from aggregator.rules import rules

    r = rules()
    longest = max(r["provider_tuple"], key=len)
    assert r["provider_chars"] == len(longest)
    # Characters whose folding grows ("ß" -> "ss", "ﬁ" -> "fi", "İ" -> "i̇") just before the name
    # or inside the tail: the tail folded ends with a name exactly when the whole text does.
    for head in ("Floods close two roads across the county", "Straße ß" * 6, "İstanbul ﬁnds ǅ", "x", ""):
        for name in (longest.upper(), longest.title(), "ß" + longest, longest[1:], "Reuters"):
            text = f"{head} {name}"
            assert text[-r["provider_chars"]:].casefold().endswith(r["provider_tuple"]) \
                == text.casefold().endswith(r["provider_tuple"]), text
    assert strip_suffixes(f"Floods close two roads across the county - {longest.upper()}") \
        == "Floods close two roads across the county"


def test_one_text_node_links_keep_their_words_without_joining() -> None:
    from aggregator.cues import word_count
    from aggregator.detect import _one_text_node

    for inner, one in (("<span>Sport</span>", True), (" <i class='icon'></i> Home ", True), ("<b>天気</b>", True),
                       ("<span>Big</span>Story", False), ("<span><b>x</b></span>", False), ("A<b></b>B", False),
                       ("<span>Floods\nclose</span>", True), ("<b>a</b><b>b</b>", False)):
        a = html.fragment_fromstring(f'<a href="/x">{inner}</a>')
        assert _one_text_node(a) == one, inner
        if one:  # every count the first pass and the menu test read is the joined text's
            joined, run = " ".join(a.itertext()), run_text(a)
            assert len(joined.split()) == len(run.split()) and word_count(joined) == word_count(run)
            assert joined.isascii() == run.isascii()


def test_url_parts_cut_an_address_as_host_and_path_query_do() -> None:
    from aggregator.urls import _path_query, host, path_shape, url_parts

    for url in ("https://Site.example/news/2026/01/02/floods-close-roads?id=1#top", "http://site.example",
                "https://site.example?q=1", "https://site.example#a/b?c", "https://user:pw@Site.example:8080/a/b",
                "https://a@b@c.example/p", "HTTPS://News.Site.example/Path?Q=1", "http://[::1]:80/x?y",
                "http://ab[c]/d", "https://site.example/a?b?c#d?e", "ftp://files.example/a.pdf", "/relative/path",
                "https://site.example/video/1234567/", "https://site.example/tag/floods/", ""):
        assert url_parts(url) == (host(url), *_path_query(url)), url
        assert path_shape(*_path_query(url)) == url_shape(url), url


def test_folder_kind_reads_the_scheme_and_host_label_as_the_pattern_did() -> None:
    from aggregator.rules import folder_kind

    folder_kind.cache_clear()
    assert folder_kind("https://jobs.site.example/") == "utility"   # the host's first label
    assert folder_kind("HTTPS://Jobs.site.example/") == "utility"   # an upper-case scheme: the pattern
    assert folder_kind("https://site.example/tag/") == "landing"
    assert folder_kind("https://site.example/jobs/") == "folder"
    assert folder_kind("https://site.example/news/") is None
    assert folder_kind("https://localhost/jobs.x/") is None          # no dot in the host: no label test
    assert folder_kind("/tag/") == "landing"                         # no scheme at all


def test_detector_resolves_each_href_once_and_remembers_refusals() -> None:
    root = etree.fromstring('<html><body><a href="/a-b-c-d">x y</a></body></html>', etree.HTMLParser())
    det = Detector(root, "https://site.example/", "", "site.example")
    assert det.resolve("/a-b-c-d") == resolve("https://site.example/", "/a-b-c-d")
    assert det.resolve("/a-b-c-d") is det.resolve("/a-b-c-d")  # the page's one answer
    assert det.resolve("javascript:void(0)") is None
    assert det._resolved["javascript:void(0)"] is None  # a refusal is an answer too

"""The headline alone, out of a link that may also hold kickers, times, teasers and counts.

A link's text is split into pieces at element boundaries (inline formatting such as <b> or
<em> does not split). A heading (h1-h6) or an element whose class says title/headline inside
the link wins; otherwise pieces that are times, counts, kicker labels, provider names or
utility words are dropped and the first remaining piece is the headline.

>>> from lxml import html
>>> a = html.fragment_fromstring('<a href="/x"><span>EXCLUSIVE</span> Man rescues dog <time>2h ago</time></a>')
>>> link_headline(a)
'Man rescues dog'
"""
from __future__ import annotations

import re

from lxml import etree

from aggregator.memo import memo
from aggregator.rules import class_words, rules

INLINE = frozenset({"b", "i", "em", "strong", "u", "q", "cite", "abbr", "mark", "sup", "sub",
                    "small", "s", "font", "bdi", "bdo", "wbr", "nobr", "tt", "dfn", "ins", "del"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_TITLE_TOKENS = frozenset({"title", "headline", "heading", "hed", "header", "head", "titulo",
                           "titre", "titel", "baslik", "name"})
_NOT_TITLE = frozenset({"subtitle", "subheadline", "subhead", "dek", "kicker", "eyebrow",
                        "overline", "label", "tag", "category", "supertitle", "pretitle",
                        "rubric", "section", "flag", "badge", "icon", "img", "image"})
JUNK_MAX_CHARS = 48  # a time, count, kicker or utility label is never longer
CUE_MAX_CHARS = 24  # a "read more" cue before a headline ("Lesen Sie auch:") is never longer
KICKER_WORDS = 4     # a title element this short may be a label over the headline ...
LABEL_WORDS = 3      # a link's first piece this short, before a longer one, may be a label
DECK_MAX_WORDS = 25  # ... when a phrase of up to this many words (no full stop) follows it
# A clock time after a date: "at 4:47 pm", ", 10:58 a.m. ET", "- 08:22", "um 14.30 Uhr".
_AT_CLOCK = (r"(?:,?\s*(?:at|um|à|a las|alle|om|kl\.?|-|\u2013|\u2014|\||\u00b7)?\s*"
             r"\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:uhr|[A-Z]{2,4}))?)?")
_TIME = re.compile(
    r"^(?:(?:updated|posted|published|aktualisiert|mis à jour|publié)\s*:?\s*)?(?:about|around|over|almost|nearly|etwa|environ)?\s*"
    r"(?:\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?"
    r"|\d+\s*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?|mo|months?|years?)\s*ago"
    r"|(?:vor|il y a|hace|há)\s+\d+\s*\w+"
    r"|\d+\s*(?:std|stunden|minuten|tage|saat|dakika|gün)\.?\s*(?:önce)?"
    r"|just now|yesterday|today|gestern|heute|hier|aujourd'hui"
    r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}" + _AT_CLOCK +
    r"|\d{1,2}\.?\s+\w+\.?\s+\d{2,4}" + _AT_CLOCK +
    r"|(?:\w+,\s*)?\w+\.?\s+\d{1,2},?\s+\d{4}" + _AT_CLOCK +  # "(Monday,) March 25, 2024"
    # A date written with the CJK year/month/day signs, its weekday in brackets after it:
    # "1月10日 (金)", "2025年1月10日", "1월 10일 (금)".
    r"|(?:\d{2,4}\s*[\u5e74\ub144]\s*)?\d{1,2}\s*[\u6708\uc6d4]\s*\d{1,2}\s*[\u65e5\uc77c]"
    r"(?:\s*[(\uff08][\u4e00-\u9fff\uac00-\ud7af][)\uff09])?" + _AT_CLOCK + r")$", re.I)
TIME_WORDS_MAX = 8  # "march 10, 2017 at 12:20 am" is six words; "25 march 2024, 10:58 a.m. et" seven
_ANY_DIGIT = re.compile(r"\d")
_TIME_WORDS = re.compile(r"(?:just now|yesterday|today|gestern|heute|hier|aujourd'hui)$")
_COUNT = re.compile(r"^[\s(\[]*[\d.,]+[kKmM]?[)\]\s]*(?:comments?|kommentare?|commentaires?|views?|shares?|replies|photos?|images?|pics?|slides?|videos?)?$", re.I)
_DURATION = re.compile(r"^\(?\d{1,2}:\d{2}(?::\d{2})?\)?$")
_LEAD_TIME = re.compile(r"^\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?\s*[-|\u2013\u2014\u00b7]?\s+(?=\S)", re.I)
_SEP_SUFFIX = re.compile(r"\s*(?:\||-|\u2013|\u2014|:|\u00b7|/)\s*\(?([^|\u2013\u2014\u00b7]{1,40}?)\)?\s*$")
_SEP_CHARS = re.compile(r"[|\-\u2013\u2014:\u00b7/\[(]")
_PAREN_SUFFIX = re.compile(r"\s*[\[(]([^\])]{1,30})[\])]\s*$")
_LEAD_DATE = re.compile(r"\d{1,2}\.?\s+\w+\.?\s+\d{4}|\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\w+\.?\s+\d{1,2},\s+\d{4}")  # a dateline
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door)\s+\S", re.I)


def _classes(el: etree._Element) -> frozenset[str]:
    """The words of an element's class attribute, as a set. A BEM name says its role in its
    element part: "bold-image-promo__title" is a title (of a block that has an image); a CSS
    module's generated name in its local part: "Teaser_title__T_O0e" is a title too."""
    return _class_set(el.get("class"))


def _class_set(klass: str | None) -> frozenset[str]:
    """_classes of a class attribute already read (reading one costs more than a lookup). A
    utility class with an arbitrary value ("tw-text-[--kicker-color]") sets a style, it names
    no role: left out."""
    if klass and "[" in klass:
        klass = _styles_out(klass)
    if klass and "__" in klass:
        klass = _bem_roles(klass)
    return class_words(klass)


@memo(maxsize=4096)
def _styles_out(klass: str) -> str:
    """The class words of `klass` that hold no arbitrary value ("[...]")."""
    return " ".join(w for w in klass.split() if "[" not in w)


# A CSS module's generated class name, "<Component>_<local>__<hash>" (the hash five characters,
# with a capital or a digit): the local part names the role, the hash says nothing.
_CSS_MODULE = re.compile(r"[A-Za-z][A-Za-z0-9-]*_([A-Za-z][A-Za-z0-9_-]*?)__(?=[A-Za-z0-9_-]{0,4}[A-Z0-9])[A-Za-z0-9_-]{5}")


@memo(maxsize=4096)
def _bem_roles(klass: str) -> str:
    """Each "block__element--modifier" class word cut to its element part, each CSS-module name
    "Component_local--modifier__hash" to its local part."""
    out = []
    for w in klass.split():
        if "__" in w:
            module = _CSS_MODULE.fullmatch(w)
            w = module.group(1) if module else w.rsplit("__", 1)[1]
            w = w.split("--", 1)[0]
        out.append(w)
    return " ".join(out)


def run_text(el: etree._Element) -> str:
    """All text below an element run together, its own tail left out: "".join(el.itertext())
    in one C call (itertext makes a proxy for every element it passes)."""
    return etree.tostring(el, method="text", encoding="unicode", with_tail=False)


def pieces(a: etree._Element) -> list[str]:
    """Text pieces of the link, split where block-like (non-inline) elements start or end."""
    out: list[str] = []
    text = a.text  # each read of .text or .tail builds a new string: read once
    buf: list[str] = [text] if text else []
    _walk(a, buf, out)
    _flush(buf, out)
    return out


def _flush(buf: list[str], out: list[str]) -> None:
    """The text gathered so far becomes one piece (whitespace folded), if it has any."""
    if buf:  # back-to-back block boundaries: nothing to flush
        text = " ".join("".join(buf).split())
        if text:
            out.append(text)
        buf.clear()


def _walk(parent: etree._Element, buf: list[str], out: list[str]) -> None:
    """pieces() below one element, children in order (a recursion is cheaper than iterwalk's
    events for the few levels a link holds). Comments and the like are skipped, tail too."""
    for el in parent:
        tag = el.tag
        if not isinstance(tag, str):
            continue
        tag = tag.lower()
        inline = tag in INLINE
        if not inline:
            if tag == "br":
                buf.append(" ")
            elif buf:
                _flush(buf, out)
        text = el.text
        if text:
            buf.append(text)
        if len(el):
            _walk(el, buf, out)
        if not inline and buf:
            _flush(buf, out)
        tail = el.tail
        if tail:
            buf.append(tail)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold().strip(" :|-\u2013\u2014\u00b7\u2022>\u203a\u00bb")


@memo(maxsize=65536)  # times, counts, kickers and headlines recur across a site's pages
def is_junk_piece(text: str) -> bool:
    """A piece that is never the headline: a time, a count, a kicker, a provider, a utility word."""
    r = rules()
    low = _norm(text)
    if not low or not any(c.isalnum() for c in low):
        return True
    if _TIME.match(low) or _COUNT.match(low) or _DURATION.match(low):
        return True
    if low in r["kickers"] or low in r["providers"] or low in r["utility_phrases"]:
        return True
    if _BYLINE.match(low) and len(low.split()) <= 5:
        return True
    words = low.split()
    # "Mode:", "WATCH:", "Beauty |" — a short label set apart in its own element.
    if len(words) <= 2 and text.rstrip().endswith((":", "|", "\u203a", "\u00bb")):
        return True
    return False


def _lone_junk(text: str) -> bool:
    """is_junk_piece for a link's only piece (already whitespace-folded), cheap for the common
    case: a time or count has a digit, a label is short and listed."""
    if len(text) > JUNK_MAX_CHARS or text.count(" ") > 5:
        return False
    low = text.casefold().strip(" :|-\u2013\u2014\u00b7\u2022>\u203a\u00bb")
    if _ANY_DIGIT.search(low):  # a time stamp or count runs to TIME_WORDS_MAX words at most
        return low.count(" ") < TIME_WORDS_MAX and bool(_TIME.match(low) or _COUNT.match(low) or _DURATION.match(low))
    r = rules()
    return low in r["kickers"] or low in r["utility_phrases"] or low in r["providers"] or bool(_TIME_WORDS.match(low))


def strip_suffixes(text: str) -> str:
    """Drop "| Video", " - Reuters", "(PHOTOS)", "(opens in new window)" and a leading time
    from one headline string."""
    r = rules()
    text = text.strip()
    if text[:1].isdigit():
        text = _LEAD_TIME.sub("", text)
    cue = text.find(":", 0, CUE_MAX_CHARS)
    if cue > 0 and text[:cue].strip().casefold() in r["reading_cues"] and text.count(" ", cue + 2) >= 1:
        text = text[cue + 1:].lstrip()  # "ALSO READ: Title", "Related: Title": the cue is no part of it
    if text[-1:] in ")]" or text[text.rfind(" ") + 1:].casefold() in r["a11y_last"]:  # cheap guard
        text = r["a11y_re"].sub("", text)
    for _ in range(2):
        tail_start = max(0, len(text) - 45)
        if not _SEP_CHARS.search(text, tail_start):  # searched in place: no copy of the tail
            break
        match = _SEP_SUFFIX.search(text, tail_start) or _PAREN_SUFFIX.search(text, tail_start)
        if not match:
            break
        tail = _norm(match.group(1))
        if tail in r["media_suffixes"] or tail in r["providers"]:
            text = text[: match.start()].rstrip()
            continue
        break
    # Folding is per character and never shortens one, so the folded text ends with a
    # provider name exactly when its last characters (as many as the longest name), folded, do.
    if text[-r["provider_chars"]:].casefold().endswith(r["provider_tuple"]):
        match = r["provider_tail_re"].search(text, max(0, len(text) - 40))
        if match and match.start() > 20:
            text = text[: match.start()]
    return text


def _title_element(a: etree._Element) -> etree._Element | None:
    """A heading inside the link, else an element whose class says title; a heading whose
    class says kicker/eyebrow/label is that, not the title. Of several headings the highest in
    rank wins (the first of equals): a card's kicker or time stamp set as a lesser heading
    over its title ("<h5>News from the site</h5><h4>Title</h4>") is not its headline."""
    best = None
    for el in a.iter(*HEADINGS):
        if _classes(el).isdisjoint(_NOT_TITLE) and (best is None or el.tag < best.tag):
            best = el
            if el.tag == "h1":
                break
    if best is not None:
        return best
    for el in a.iterdescendants():
        klass = el.get("class")
        if not klass or not isinstance(el.tag, str):
            continue  # no class, no title word: most elements of a card, skipped first
        toks = _class_set(klass)
        if not toks.isdisjoint(_TITLE_TOKENS) and toks.isdisjoint(_NOT_TITLE):
            return el
    return None


def link_headline(a: etree._Element) -> str:
    """The headline text of a link element (raw: entities already decoded by lxml)."""
    if len(a) == 0:  # fast path: text only
        text = a.text
        if text and not text.isspace():
            return text_headline(text)
        parts = []
    else:
        parts = pieces(a)
    if not parts:
        title = a.get("title") or a.get("aria-label") or ""
        return strip_suffixes(title) if len(title.split()) >= 3 else ""
    if len(parts) == 1:  # a lone time, count or utility label is no headline
        return "" if _lone_junk(parts[0]) else strip_suffixes(parts[0])
    named = _named_headline(a, parts)
    if named:
        return named
    kept = [p for p in parts if not is_junk_piece(p)]
    el = _title_element(a)
    if el is not None:
        inner = [p for p in pieces(el) if not is_junk_piece(p)]
        if len(inner) > 1:
            inner = _without_kickers(el, inner)
        if inner:
            title = " ".join(inner)
            deck = _deck_headline(title, kept)
            return strip_suffixes(deck or title)
    if not kept:
        return ""
    if len(kept) > 1 and _is_label_over(kept[0], kept[1]):
        return strip_suffixes(kept[1])
    return strip_suffixes(kept[0])


def _without_kickers(title: etree._Element, inner: list[str]) -> list[str]:
    """The title element's pieces less those of its own elements whose class says kicker,
    eyebrow, label and the like ("<h3><span class="item__kicker">Champions League</span>
    <span class="item__title">Madrid win</span></h3>"): a label set inside the heading is not
    part of the headline. Unchanged when nothing else would remain."""
    drop = [" ".join(run_text(el).split()) for el in title.iterdescendants()
            if isinstance(el.tag, str) and el.get("class") and not _classes(el).isdisjoint(_NOT_TITLE)]
    if not drop:
        return inner
    rest = list(inner)
    for text in drop:
        if text in rest:
            rest.remove(text)
    return rest or inner


def _named_headline(a: etree._Element, parts: list[str]) -> str | None:
    """The link's accessible name (aria-label, else title) when the card's visible text holds
    it and more (a kicker before it, a deck or teaser after it): the site named the headline."""
    label = a.get("aria-label") or a.get("title")
    if not label or len(label) < 15:
        return None
    label = " ".join(label.split())
    text = " ".join(parts)
    if len(text) <= len(label) or len(label.split()) < 3 or label.casefold() not in text.casefold():
        return None
    return strip_suffixes(label)


def _is_label_over(first: str, second: str) -> bool:
    """The first piece of a card's link is a label over the headline (a byline, a rubric, a
    series name): it is at most LABEL_WORDS words and the next piece is a headline-length
    phrase at least twice as long, not a teaser sentence."""
    n, m = len(first.split()), len(second.split())
    return (n <= LABEL_WORDS and max(4, 2 * n) <= m <= DECK_MAX_WORDS
            and not first.rstrip().endswith((".", "?", "!", "…"))
            and not second.rstrip().endswith((".", "…", "...")) and not _LEAD_DATE.match(second))


def text_headline(text: str) -> str:
    """link_headline of a link holding only this text (with at least one non-space): whitespace
    folded; a lone time, count or utility label is no headline."""
    text = " ".join(text.split())
    return "" if _lone_junk(text) else strip_suffixes(text)


def _deck_headline(title: str, kept: list[str]) -> str | None:
    """The piece after a short title element when that title is a label over the real
    headline ("SCORCHER" over "Dec takes baby Isla for a walk"): the title is in capitals,
    has at most KICKER_WORDS words, and the next piece is a headline-length phrase, not a teaser sentence
    or a dateline."""
    if len(title.split()) > KICKER_WORDS or not title.isupper() or title not in kept:
        return None
    i = kept.index(title)
    if i + 1 >= len(kept):
        return None
    deck = kept[i + 1]
    n = len(deck.split())
    if (2 * len(title.split()) <= n <= DECK_MAX_WORDS and not deck.rstrip().endswith((".", "\u2026", "..."))
            and not _LEAD_DATE.match(deck)):
        return deck
    return None

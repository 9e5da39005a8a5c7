"""Layout habits found on unlabelled pages (issue 10): each test writes a small page with one
habit of real sites and checks what extraction keeps. The pages are ours, not copies."""
from __future__ import annotations

from lxml import html

from aggregator.cues import word_count
from aggregator.detect import TRACKER_NAME, Detector, text_facts, url_kind
from aggregator.extract import extract_page
from aggregator.headline_text import link_headline
from aggregator.rules import rules
from aggregator.urls import url_shape
from tests.written_pages import SITE, STORIES, page, texts


def slug(text: str) -> str:
    return text.lower().replace(" ", "-")


def test_live_page_items_at_fragments_are_headlines() -> None:
    # A live blog's list: every item links the one live page, each at its own #fragment.
    items = "".join(f'<li><a href="/live/#item-{600 + i}">{s}</a></li>' for i, s in enumerate(STORIES))
    assert texts(f'<section class="live"><h2>Live</h2><ul>{items}</ul></section>') == STORIES


def test_archived_capture_is_read_against_its_original_site() -> None:
    # A saved capture: every link written protocol-relative through the archive, a few
    # absolute links to a shop. The page's site is the archived one, so its short headlines
    # are its own stories (a story rail), not links to another site.
    wb = "//web.archive.org/web/20220724231419/https://news.example"
    short = ["Harbour bridge shut", "Storm cuts power", "Bakery wins prize", "Police seek witnesses"]
    items = "".join(f'<li><a href="{wb}/2022/07/24/{slug(s)}">{s}</a></li>' for s in short)
    shop = "".join(f'<a href="https://shop.example/item/{i}">Gift box {i}</a>' for i in range(3))
    got = extract_page(page(f"<ul>{items}</ul><div>{shop}</div>"), "")
    assert [h.text for lst in got.lists for h in lst.headlines] == short
    # ... also when its canonical link is the archive's address of the page
    canon = '<link rel="canonical" href="https://web.archive.org/web/20220724/https://news.example/x/y">'
    assert texts(f"<ul>{items}</ul><div>{shop}</div>", url="", head=canon) == short


def test_opaque_item_ids_and_date_archives() -> None:
    assert url_shape("https://world.news.example/article/48xoZIGssDy") == "story"
    assert url_shape("https://news.example/article/48x8O9j99Gz") == "story"
    assert url_shape("https://news.example/topics/Covid19Update") == "other"  # words, not an id
    assert url_shape("https://news.example/2022/02/") == "section"            # a month's archive
    assert url_shape("https://news.example/2021/12/01/") == "section"
    assert url_shape("https://news.example/2021/12/01/storm-hits-the-coast") == "story"
    months = "".join(f'<li><a href="/2022/{m:02d}/">{name} 2022</a></li>'
                     for m, name in enumerate(("January", "February", "March", "April"), 1))
    assert texts(f"<ul>{story_items()}</ul><aside><h3>Archive</h3><ul>{months}</ul></aside>") == STORIES


def story_items(stories: list[str] = STORIES) -> str:
    return "".join(f'<li><a href="/2026/03/02/{slug(s)}">{s}</a></li>' for s in stories)


def test_bem_modifiers_do_not_split_a_rail() -> None:
    # "Latest" in a header dropdown: each card carries its own variant modifier. Split one
    # path per variant, each card would be a lone link in a nav region.
    mods = ("card--has-video", "card--no-label", "card--has-image", "card--opinion", "card--live")
    cards = "".join(f'<article class="card {m}"><a class="card__link" href="/2026/03/02/{slug(s)}">{s}</a></article>'
                    for m, s in zip(mods, STORIES))
    assert texts(f'<header class="site-header"><nav class="nav-dropdown"><div class="latest">{cards}</div></nav></header>') == STORIES


def test_card_link_accessible_name_is_its_headline() -> None:
    a = html.fragment_fromstring(
        f'<a href="/2026/03/02/x" aria-label="{STORIES[0]}"><h2 class="headline"><span>{STORIES[0]}</span>'
        '<div class="deck"><span>The bridge will stay shut until spring, the council said on Monday.</span></div></h2></a>')
    assert link_headline(a) == STORIES[0]
    # an aria-label the visible text does not hold is not trusted over it
    b = html.fragment_fromstring(f'<a href="/x" aria-label="Open the story in a new tab"><span>{STORIES[1]}</span>'
                                 '<span>A longer teaser sentence that the card shows below it.</span></a>')
    assert link_headline(b) == STORIES[1]


def test_byline_piece_over_the_headline_is_skipped() -> None:
    cards = "".join(f'<section class="story-wrapper"><a href="/2026/03/02/{slug(s)}"><div><p>Anna Columnist</p>'
                    f"<p>{s}</p><p>An opinion in brief, one sentence long.</p></div></a></section>"
                    for s in STORIES)
    assert texts(cards) == STORIES


def test_short_title_in_a_bem_title_element_beats_the_summary() -> None:
    # "bold-image-promo__title" is a title (of a block with an image), not an image.
    a = html.fragment_fromstring('<a href="/news/x-1" class="bold-image-promo"><div class="bold-image-promo__image">'
                                 '<span>Long read</span></div>'
                                 '<h3 class="bold-image-promo__title">Raw recruits</h3>'
                                 '<p class="bold-image-promo__summary">Why students are joining the protest movement</p></a>')
    assert link_headline(a) == "Raw recruits"


def test_aggregator_grid_of_placeholder_links_keeps_short_items() -> None:
    # Six source columns, each its own id, items pointing to a login page; some texts are
    # three words long. The grid as a whole is the evidence.
    sources = ("wire", "daily", "herald", "times", "post", "ledger")
    extra = ("Markets slide again", "Rain returns Friday", "Museum reopens doors")
    cols = "".join(
        f'<div class="column" id="src-{name}"><h3>{name.title()}</h3><ul>'
        + "".join(f'<li><a href="/login">{s} ({name})</a></li>' for s in STORIES[:3] + [extra[i % 3]])
        + "</ul></div>" for i, name in enumerate(sources))
    tracks = "".join(f'<li><a href="https://open.stream.example/track/{i}Xy7Qz">Some Artist / Song number {i} (feat. Guest)</a></li>'
                     for i in range(4))
    got = texts(f'<div class="grid">{cols}<div class="column" id="src-music"><h3>Music</h3><ul>{tracks}</ul></div></div>')
    assert len(got) == 6 * 4  # a music column's tracks are no stories
    assert any(t.startswith("Markets slide again") for t in got)


def test_wordpress_posts_with_their_own_term_classes_form_one_list() -> None:
    posts = "".join(
        f'<div class="post post-{600 + i} type-post status-publish hentry category-news tag-{slug(s.split()[0])} '
        f'tag-topic-{i} thb-post-share-style2"><div class="post-title"><h6>'
        f'<a href="/2023/06/19/{slug(s)}/">{s}</a></h6></div></div>'
        for i, s in enumerate(STORIES))
    assert texts(f'<aside class="related-posts"><div class="row">{posts}</div></aside>') == STORIES


def test_short_slug_beside_stories_in_its_folder_is_a_story() -> None:
    long_ = ["Wilderness meets luxury at a mountain ranch", "A spa and nature resort in the hills",
             "Word of mouth: where to eat in the old town"]
    short = ["Parrot Cay", "The Royal Mansour"]
    items = "".join(f'<div class="feature"><h4><a href="/travel/{slug(s)}">{s}</a></h4></div>' for s in long_ + short)
    assert url_shape(f"{SITE}travel/parrot-cay") == "section"
    assert texts(f'<div class="features related">{items}</div>') == long_ + short


def test_subscribe_call_in_italian_is_no_headline() -> None:
    assert texts(f'<ul>{story_items()}<li><a href="/abbonamenti/offerta-speciale-digitale-2026">'
                 "Abbonati a Paper per leggere tutto</a></li></ul>") == STORIES


def test_a_repeated_control_label_is_no_headline() -> None:
    # A gallery: every picture links the story, named only by the same title attribute.
    pics = "".join(f'<a href="/2026/03/02/{slug(STORIES[0])}" title="Show this picture enlarged"><img src="p{i}.jpg"></a>'
                   for i in range(4))
    assert texts(f'<div class="gallery">{pics}</div><ul>{story_items()}</ul>') == STORIES


def test_comment_time_stamps_are_no_headlines() -> None:
    # Comments under a story: each author's time stamp links the comment (#comment-N), in the
    # formats of several languages; repeated and headline-length, but a date, not a story.
    stamps = ["March 10, 2017 at 12:20 AM", "28. April 2024 um 10:17 Uhr", "March 25, 2024, 10:58 a.m. ET",
              "15 oct 2024 - 08:22", "January 5, 2024 at 10:42 pm"]
    comments = "".join(f'<li class="reply"><p>Reader {i}</p><a href="/2026/03/02/x#comment-{500 + i}">{s}</a>'
                       f"<p>I think the council is right about this one.</p></li>" for i, s in enumerate(stamps))
    assert texts(f'<ul>{story_items()}</ul><ol class="replies">{comments}</ol>') == STORIES
    # ... while a headline holding a date and a time stays one
    assert texts(f'<ul>{story_items(["Polls close on March 10, 2017 at 8 pm sharp"] + STORIES[1:])}</ul>')[0].startswith("Polls")


def test_partner_box_of_own_stories_is_no_sponsored_list() -> None:
    # A "partner" box (shared with partner sites) holds the site's own stories and a partner's
    # links: the own stories are recirculation, the partner's links to its site are not ours.
    own = story_items(STORIES[:3])
    partner = "".join(f'<li><a href="https://other-paper.example/2026/03/02/{slug(s)}">{s}</a></li>' for s in STORIES[3:])
    got = texts(f'<div class="article-body partner-wrapper"><ul class="recirculation-list">{own}</ul>'
                f'<ul class="recirculation-list partners">{partner}</ul></div>')
    assert got == STORIES[:3]


def test_coupon_giveaway_and_puzzle_links_are_no_stories() -> None:
    # A sidebar of the paper's reader offers: coupons, a giveaway, the daily puzzle. Texts of
    # headline length, each its own page of the site, but listings, not stories.
    offers = ["Pizza shop: thirty percent off any large pizza this week", "Win one of three hampers of local cheese",
              "How many words can you make with seven letters?", "Sunday crossword: solvers win a gift card"]
    urls = ["/coupon/coupon-detail/882", "/present/detail/9433", "/puzzles/spelling-bee", "/crosswords/sunday-2026-03-01"]
    side = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in zip(urls, offers))
    assert texts(f'<ul>{story_items()}</ul><aside><ul class="offers">{side}</ul></aside>') == STORIES


def test_comment_count_and_call_links_are_no_headlines() -> None:
    # A weekly page: each story's entry ends in its own paragraph with a link to its
    # comments, worded as a count or a call; the links repeat, one per story.
    calls = ["Comments (74 posted)", "Comments. Click to view comments", "Be the first to comment",
             "Add a Comment", "Comments (3 posted)"]
    entries = "".join(f'<div class="entry"><h3><a href="/2026/03/02/{slug(s)}">{s}</a></h3><p>A paragraph of the story.</p>'
                      f'<p class="discuss"><a href="/2026/03/0{i + 3}/{slug(s)}/#Comments">{c}</a></p></div>'
                      for i, (s, c) in enumerate(zip(STORIES, calls)))
    assert texts(entries) == STORIES


def test_headline_opening_its_block_before_a_teaser_is_no_prose_link() -> None:
    # "Latest news": each item is the headline link, then its teaser in the same block.
    items = "".join(f'<li><a href="/2026/03/02/{slug(s)}">{s}</a> <span>HARBOURTOWN: A first sentence of the story '
                    f"that runs on for a while, as teasers do...</span></li>" for s in STORIES)
    assert texts(f'<ul class="latest">{items}</ul>') == STORIES
    # ... while links inside running text stay prose, even when one opens a paragraph
    prose = "".join(f'<p><a href="/2026/03/01/{slug(s)}">{s.lower()}</a>, the council said on Monday, and more '
                    f"changes will follow before the summer, as the mayor explained on the radio.</p>" for s in STORIES)
    assert texts(f'<div class="article-body">{prose}</div>') == []


def test_paid_posts_in_a_sponsored_folder_are_no_stories() -> None:
    # Beside the stories, a box of paid posts the site hosts under /sponsored/: each reads like
    # a headline and has a story-shaped address, but the folder says who paid for it.
    paid = ["Five reasons why a hybrid is the perfect first step", "Open houses around the bay this weekend",
            "Lawyers explain what to do after a road accident"]
    box = "".join(f'<li><a href="/sponsored/partner-firm/article/{slug(t)}-1484{i}.php">{t}</a></li>' for i, t in enumerate(paid))
    assert texts(f'<ul>{story_items()}</ul><div class="more"><ul>{box}</ul></div>') == STORIES


def test_short_phrase_linked_inside_a_sentence_is_prose() -> None:
    # An interview's questions: each links a phrase in mid-sentence to an older story. The
    # paragraphs are short, but words run into each link and its sentence goes on after it.
    phrases = ["status report on the new council leadership", "strong turn away from the old parties at the polls",
               "plan for the harbour after the bridge closes"]
    questions = "".join(f'<div class="q"><p>What is his <a href="/2026/02/0{i + 1}/{slug(p)}">{p}</a>, '
                        "three months in?</p></div>" for i, p in enumerate(phrases))
    assert texts(f"<ul>{story_items()}</ul>{questions}") == STORIES



def test_item_variant_classes_do_not_split_a_rail() -> None:
    # A rail whose items carry their own variant after the item's class ("article-item audio
    # deco-bar", "article-item video"): read apart, each variant item is a list of one link,
    # which needs far more evidence than a member of the rail it is in.
    variants = ("", " video deco-bar", "", " audio deco-bar", "")
    cards = "".join(f'<article class="article-item{v}"><div class="content"><a href="/4387{i:02d}-{slug(s)}">{s}</a>'
                    "</div></article>" for i, (v, s) in enumerate(zip(variants, STORIES)))
    body = f'<div class="features"><div class="col">{cards}</div></div>'
    root = html.fromstring(page(body))
    det = Detector(root, SITE, SITE, "paper.example")
    assert [[c.text for c in g] for g in det.groups(det.candidates())] == [STORIES]
    assert texts(body) == STORIES
    # ... and a header menu whose items each carry a class of their own ("menu-<slug>") is
    # one menu of section links, not five lists of one
    menu = "".join(f'<li class="nav-item menu-{slug(n)}"><a href="/{slug(n)}">{n}</a></li>'
                   for n in ("Business News", "World Affairs", "Local Sport", "Arts and Culture", "Weather"))
    assert texts(f'<header><nav><ul class="nav">{menu}</ul></nav></header><ul>{story_items()}</ul>') == STORIES


def test_long_menu_of_guides_is_a_directory_not_a_rail() -> None:
    # A header mega-menu listing sixty evergreen guides, each at a slug address, and their
    # hubs: every guide reads like a short headline, but a list this long under menu and
    # account words is a directory, and its texts do not outweigh its container.
    adjectives = ("Cheap", "Safe", "Quick", "Smart", "Simple", "Fair", "Green", "Local", "Modern", "Honest")
    nouns = ("travel cards", "home loans", "car cover", "savings accounts", "phone plans", "pet insurance")
    guides = [f"{a} {n} compared this year" for a in adjectives for n in nouns]
    hubs = "".join(f'<li><a href="/guides/{slug(n)}/">All {n}</a></li>' for n in nouns)  # one hub per kind
    menu = hubs + "".join(f'<li><a href="/guides/{slug(g)}">{g}</a></li>' for g in guides)
    body = f'<header><nav class="account-menu"><ul class="submenu">{menu}</ul></nav></header><ul>{story_items()}</ul>'
    assert texts(body) == STORIES


def test_utility_words_match_at_a_word_start_only() -> None:
    # "sign in", "share on" and "log in" are controls; "resign in", "design in" and
    # "overshare on" are words of a headline.
    stories = ["Cabinet secretaries asked to resign in government reset",
               "Design in Tech report puts the spotlight on inclusive design",
               "When they overshare on a first date, what to say"]
    assert not text_facts(stories[0])[1] and text_facts("Sign in to comment")[1]
    assert texts(f"<ul>{story_items(STORIES[:3] + stories)}</ul>") == STORIES[:3] + stories


def test_utility_word_inside_a_headline_of_a_story_rail() -> None:
    # "Black Friday", "privacy", "cookies": words of controls and promos, and of headlines
    # too. Inside a headline-long text of a story rail, the rail vouches for it ...
    topical = ["The best Black Friday TV deals of this year", "Regulator fines the app over privacy of its users"]
    footer = ('<footer><p><a href="/2026/03/02/manage-your-cookie-settings-and-preferences">Manage your cookie '
              'settings and preferences here</a></p><p><a href="/newsletters">Sign up for the daily newsletter '
              'in one click</a></p></footer>')
    assert texts(f"<ul>{story_items(STORIES + topical)}</ul>{footer}") == STORIES + topical
    # ... while the same words open or make up a control's text wherever it is
    assert text_facts("Privacy policy and your choices about our data")[1] == text_facts("Cookies")[1] != 0
    # a privacy law's opt-out links are controls however they word it
    assert text_facts("Do Not Sell or Share My Personal Information")[1] == text_facts("Do not share or sell my info")[1] != 0


def test_a_text_repeated_on_many_addresses_is_a_label() -> None:
    # Every card of a rail carries a second link to its story's translation ("Read the
    # original") or a kicker link ("Hot Topics"): one text, a different address each time.
    # It names no story, so it is no headline; the titles stay.
    cards = "".join(f'<li><a href="/2026/03/02/{slug(s)}">{s}</a> <a href="/en/2026/03/02/{i}-{slug(s)}">'
                    f'Read the original</a></li>' for i, s in enumerate(STORIES))
    got = texts(f"<ul>{cards}</ul>")
    assert "Read the original" not in got and got == STORIES
    # Two items of one list under one text are still headlines (a story linked twice, a
    # repeated short title on two addresses is not yet a pattern).
    two = "".join(f'<li><a href="/2026/03/02/{i}-storm">Storm closes the harbour road again tonight</a></li>'
                  for i in range(2))
    assert texts(f"<ul>{story_items()}{two}</ul>") == STORIES + ["Storm closes the harbour road again tonight"]


def test_the_publishers_own_pages_are_no_stories() -> None:
    # Links to the publisher's about, help-centre and legal pages read like short titles
    # ("The Paper Company", "Our trust principles") and their help articles carry ids, but
    # they are the site's notices, not its stories.
    notices = [("https://help.paper.example/hc/en-us/articles/115014792127-copyright-notice", "The Paper Company"),
               ("/about-us/trust-principles.html", "The Paper trust principles explained"),
               ("/impressum/editor-jane-roe-ld.1478600", "More from our editor Jane Roe today")]
    rail = "".join(f'<li><a href="/2026/03/02/{slug(s)}">{s}</a></li>' for s in STORIES[:2])
    rail += "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in notices)
    got = texts(f"<ul>{story_items()}</ul><aside><ul>{rail}</ul></aside>")
    assert got[:len(STORIES)] == STORIES and not set(got) & {t for _u, t in notices}


def test_a_menu_of_shows_lists_no_stories() -> None:
    # A channel's menu of its programmes: each item a show page under /shows/ or /programmes/,
    # named like a headline ("Making Money with Jane Roe"), each item with its own class.
    shows = ["Making Money with Jane Roe", "Strange Inheritance with John Doe", "The Week at Large with Ann Lee"]
    menu = "".join(f'<li class="nav-item menu-{slug(s)}"><a href="/{folder}/{slug(s)}">{s}</a></li>'
                   for s, folder in zip(shows, ("shows", "programmes", "shows")))
    got = texts(f'<nav class="menu-shows"><ul class="submenu">{menu}</ul></nav><ul>{story_items()}</ul>')
    assert got == STORIES
    # the folder, not the slug's length, says what the page is
    assert url_kind("https://tv.example/shows/making-money-with-jane-roe")[0] == "section"
    assert url_kind("https://tv.example/2026/03/02/making-money-with-jane-roe")[0] == "story"


def test_a_css_module_title_is_the_cards_headline() -> None:
    # A card written with CSS modules: every class is "<Component>_<local>__<hash>". The title
    # span says so in its local part, as a BEM element part would; without reading it, the
    # first short piece (a paywall badge, a kicker) passed for the headline.
    kickers = ["Abo", "Weather", "Abo", "Courts", "Abo"]
    cards = "".join(
        f'<article class="Teaser_root__oS0_I"><a class="Teaser_link__aPG04" href="/{slug(s)}-84200429318{i}">'
        f'<div class="Teaser_text__BiSJG"><span class="Teaser_titleheaderbox__MhnVL">'
        f'<span class="Teaser_premium__VE4UV">{k}</span><span class="Teaser_titleheader__HkPTN">Topic {i}</span></span>'
        f'<span class="Teaser_title__T_O0e">{s}</span></div><time>vor 28 Minuten</time></a></article>'
        for i, (k, s) in enumerate(zip(kickers, STORIES)))
    assert texts(f'<div class="EndOfArticleSectionList_root__LJO7G">{cards}</div>') == STORIES
    # a plain BEM element part still reads as before; a lower-case "hash" is a BEM element
    a = html.fragment_fromstring('<a href="/x"><span class="promo_card__kicker">Live</span>'
                                 '<span class="promo_card__title">Storm leaves thousands without power</span></a>')
    assert link_headline(a) == "Storm leaves thousands without power"


def test_a_link_that_goes_on_a_sentence_is_a_phrase() -> None:
    # "More stories" bullets that are sentences: a few words, then a link whose text opens in
    # lower case and carries the sentence on ("The <a>mysterious death of a coder</a>"). The
    # link is a phrase of the sentence, not a headline, however short its paragraph.
    bullets = "".join(f'<li>{lead} <a href="/story/{slug(t)}">{t}</a></li>' for lead, t in (
        ("The", "mysterious death of a virtuoso coder"), ("Why Google", "gets the first amendment backward"),
        ("Apps", "that sell your personal data"), ("What the watch means", "for the future of wearables")))
    got = texts(f'<ul>{story_items()}</ul><div class="more-stories"><h3>More great stories</h3><ul>{bullets}</ul></div>')
    assert got == STORIES
    # a headline after a kicker word stays when it opens as a headline does (capital, "iPhone")
    kicked = "".join(f'<li>Video <a href="/2026/03/02/{slug(s)}">{s}</a></li>' for s in STORIES)
    assert texts(f"<ul>{kicked}</ul>") == STORIES
    assert texts(f'<ul><li>Review <a href="/2026/03/02/iphone-17">iPhone 17 camera tested in the dark</a></li>'
                 f'{story_items()}</ul>')[0] == "iPhone 17 camera tested in the dark"


def test_a_page_wrappers_ad_word_does_not_veto_its_lists() -> None:
    # The whole page sits in one wrapper whose class names an ad slot it may hold
    # ("l-wrapper gate-ad"); a short rail of two stories under it read as an ad box. A
    # wrapper holding the page's title or main region is no ad: the rail stays.
    pair = "".join(f'<li class="Item"><div class="ItemTitle"><a href="/articles/AST1633HH{i}.html">{s}</a></div></li>'
                   for i, s in enumerate(STORIES[:2]))
    body = (f'<div class="l-wrapper gate-ad"><main><h1>Storm over the harbour</h1><p>Text of the story.</p></main>'
            f'<aside><h3>Featured series</h3><ul class="OtherList">{pair}</ul></aside></div>')
    assert texts(body) == STORIES[:2]
    # ... nor its menu words (an off-canvas menu's page pusher)
    assert texts(body.replace("l-wrapper gate-ad", "offcanvas-menu-pusher")) == STORIES[:2]
    # a real ad box keeps its word: the same pair in an ad container beside the main region
    ad = f'<div class="l-wrapper"><main><h1>Storm over the harbour</h1></main><div class="ad-box"><ul>{pair}</ul></div></div>'
    assert texts(ad) == []
    # an article's own header holding its title and two short story links ("In this story")
    short = ["Harbour bridge shut", "Storm cuts power"]
    links = "".join(f'<li><a href="/2026/03/02/{slug(s)}">{s}</a></li>' for s in short)
    assert texts(f'<header class="article-header"><h1>Storm over the harbour</h1><ul>{links}</ul></header>') == short
    # ... but a site header holding the logo (an h1 around a link) stays a menu region
    assert texts(f'<div class="site-header"><h1><a href="/">The Paper</a></h1><ul>{links}</ul></div>') == []


def test_thai_headline_written_without_spaces_is_a_headline() -> None:
    # Thai, Lao and Khmer put no spaces between words: a whole headline can be one token,
    # while menu labels stay short runs.
    thai = ["รัฐบาลประกาศแผนรับมือน้ำท่วมภาคเหนือก่อนฤดูฝนปีนี้",
            "ตลาดหุ้นไทย ปิดบวกรับแรงซื้อจากนักลงทุนต่างชาติ",
            "ทีมชาติไทย เตรียมลงสนามนัดสำคัญ คัดบอลโลกรอบสุดท้าย",
            "นักวิทยาศาสตร์ค้นพบพืชชนิดใหม่ในอุทยานแห่งชาติเขาใหญ่"]
    items = "".join(f'<div class="views-row"><h3><a href="/journal/2019/01/{800 + i}">{t}</a></h3></div>'
                    for i, t in enumerate(thai))
    menu = "".join(f'<li><a href="/category/{i}">{w}</a></li>' for i, w in enumerate(["การเมือง", "เศรษฐกิจ", "กีฬา"]))
    assert texts(f'<nav><ul>{menu}</ul></nav><div class="view-content">{items}</div>') == thai
    assert word_count(thai[0]) >= 5 and word_count("การเมือง") == 1


def test_the_highest_heading_of_a_card_is_its_title() -> None:
    # A card's link holds two headings: a label or kicker set as a lesser heading ("News from
    # the Paper", a rubric) over the title as a greater one. The first heading read was the
    # label, so every card gave the same three words (then dropped as a repeated label).
    cards = "".join(f'<div class="news-link"><a href="/news/2026/03/02/{slug(s)}"><img alt="">'
                    f"<h5>News from the Paper</h5><h4>{s}</h4></a></div>" for s in STORIES)
    assert texts(f'<section class="related">{cards}</section>') == STORIES
    rubric = html.fragment_fromstring(f'<a href="/x"><h3>Economic View</h3><h2>{STORIES[0]}</h2><p>Teaser.</p></a>')
    assert link_headline(rubric) == STORIES[0]
    # equal headings: the first is the title, as before
    pair = html.fragment_fromstring(f'<a href="/x"><h3>{STORIES[1]}</h3><h3>{STORIES[2]}</h3></a>')
    assert link_headline(pair) == STORIES[1]


def test_a_link_carrying_another_address_is_no_story() -> None:
    # Share buttons, an ad network's click tracker and a feedback form: each link's query holds
    # a whole address (plain or percent-encoded) that the link hands the reader on to. Their
    # texts read like headlines ("Share this article via facebook", an ad's teaser line).
    tracker = "https://t.adfeed.example/ck?url=https%3A%2F%2Fw3.health.example%2F"
    ads = "".join(f'<li><a href="{tracker}{i}">{t}</a></li>' for i, t in enumerate(
        ("Early warning signs of a heart attack revealed", "What doctors never tell you about sleep",
         "Cancer and your age: what I found will shock you")))
    share = (f'<a href="https://www.facebook.example/sharer/sharer.php?u={SITE}2026/03/02/x">Share this article via facebook</a>'
             f'<a href="https://x.example/intent/tweet?url=https%3A%2F%2Fpaper.example%2F2026%2Fx">Share this article via twitter</a>')
    got = texts(f'<ul>{story_items()}</ul><div class="feed"><ul>{ads}</ul></div><div class="tools">{share}</div>')
    assert got == STORIES
    assert url_kind(tracker + "1")[1] and not url_kind("https://paper.example/2026/03/02/x?ref=home")[1]


def test_app_store_pages_are_no_stories() -> None:
    # "Get our iOS app" beside a rail: the link goes to the app's page in an app store, worded
    # like a short headline ("Paper news app for iOS", "Paper for the iPad").
    apps = "".join(f'<li><a href="https://{h}/de/app/paper/id42{i}">{t}</a></li>' for i, (h, t) in enumerate(
        (("apps.apple.com", "Our news app for iOS"), ("itunes.apple.com", "The Paper for the iPad"),
         ("play.google.com", "Get the news on Android phones"))))
    assert texts(f"<ul>{story_items()}{apps}</ul>") == STORIES


def test_a_lists_lead_card_styled_apart_is_one_of_its_items() -> None:
    # "Top story": the lead card's item carries classes of its own ("thumb-grad thumb-AD", a
    # big image) beside the list's "thumb-list" items, so it is a group of one, and its "AD"
    # word (art direction, not an advert) sank it. It is an item of the kept list beside it.
    lead = (f'<li class="thumb-grad thumb-AD"><a href="/articles/-/3179{150}"><h3 class="title">{STORIES[0]}</h3>'
            f'<div class="thumb backimg"></div></a></li>')
    rest = "".join(f'<li class="thumb-list"><a href="/articles/-/3179{151 + i}"><div class="thumb"><img src="x.jpg"></div>'
                   f'<h3 class="title">{s}</h3></a></li>' for i, s in enumerate(STORIES[1:]))
    assert texts(f'<section id="topstory"><h2>Top story</h2><ul>{lead}{rest}</ul></section>') == STORIES
    # a sponsored card among the items stays out, as does an item linking to another site
    paid = '<li class="card sponsored"><a href="/articles/-/3179160">A partner tells you how to save on energy</a></li>'
    away = '<li class="card-lead ad"><a href="https://other.example/2026/03/02/x">Another site has a great story today</a></li>'
    got = texts(f'<section id="topstory"><ul>{paid}{away}{rest}</ul></section>')
    assert got == STORIES[1:]


def test_click_tracker_pages_are_no_stories() -> None:
    # Ads among a "what to read next" rail: each links an ad network's click page ("/mbclk?...",
    # "/redirect.php?link=..."), whose opaque query names no address. Their texts read like
    # headlines ("She was a waitress and now she owns a jet").
    ads = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in (
        ("https://ads.portal.example/mbclk?bv=1.0.0&es=SlkEC58GIS.Y0wATYo8d", "She was a waitress and now she owns a jet"),
        ("https://www.advisor.example/redirect.php?link=www.cards.example/reward.php", "A jaw-dropping bonus has arrived today"),
        ("https://clk.trade.example/click?p=264355&a=2947467", "Quickly collect signatures on any device")))
    assert texts(f"<ul>{story_items()}{ads}</ul>") == STORIES
    assert not url_kind("https://paper.example/2026/03/02/clicks-and-mortar-shops-reopen")[1]
    assert max(map(len, rules()["tracker_pages"])) <= TRACKER_NAME  # the cheap length test holds


def test_links_to_pictures_and_files_are_no_stories() -> None:
    # A photo's long caption links the picture itself (a lightbox), and a PDF sits beside the
    # rail: the reader gets a file, not a story page.
    photos = "".join(f'<div class="image"><a href="https://img.paper.example/frimg/1/54/79/15479{i}.jpg" title="x">'
                     f'<img src="t.jpg"></a><span class="caption"><a href="https://img.paper.example/frimg/1/54/79/15479{i}.jpg">'
                     f"{t}</a></span></div>" for i, t in enumerate(
                         ("The court room was full every morning of the hearing this week",
                          "Mother and daughter at the courthouse on Monday afternoon")))
    pdf = '<li><a href="/files/annual-report-2026.pdf">Read the annual report of the paper</a></li>'
    got = texts(f'<div class="gallery">{photos}</div><ul>{story_items()}{pdf}</ul>')
    assert got == STORIES


def test_a_kicker_inside_the_cards_heading_is_left_out() -> None:
    # The heading holds the kicker and the title, each in its own span ("teaser__kicker",
    # "teaser__headline"), or a paywall badge classed as a label after the title. Read whole,
    # every headline opened with its kicker ("4,15 Prozent Zinsen Apple ruft ...").
    kickers = ["Bridge works", "Weather", "Awards", "Police", "Transport"]
    cards = "".join(f'<article class="teaser"><a class="teaser__link" href="/2026/03/02/{slug(s)}">'
                    f'<h3 class="teaser__headline-wrapper"><span class="teaser__kicker">{k}</span>'
                    f'<span class="visually-hidden">:</span> <span class="teaser__headline">{s}</span></h3></a></article>'
                    for k, s in zip(kickers, STORIES))
    assert texts(f'<section class="teasers">{cards}</section>') == STORIES
    badge = html.fragment_fromstring(f'<a href="/x"><h3><span>{STORIES[0]}</span><span class="label">Members only</span></h3></a>')
    assert link_headline(badge) == STORIES[0]
    # a style with an arbitrary value names no role: a two-part headline coloured like a kicker stays whole
    styled = html.fragment_fromstring('<a href="/x"><h3><span class="tw-text-[--kicker-color]">If the plant fails, the factory stops.</span>'
                                      ' <span class="tw-pe-1">And with it the economy</span></h3></a>')
    assert link_headline(styled) == "If the plant fails, the factory stops. And with it the economy"


def test_the_publishers_notices_are_no_stories() -> None:
    # "About this story": the publisher's notices under an article, each at a story-shaped
    # address (a slug and an id), so three of them pass as a rail of distinct stories. Their
    # wording names a notice (code of conduct, standards, corrections, terms), never news.
    notices = "".join(f'<li><a href="/news/{slug(t)}-1.58935{i}">{t}</a></li>' for i, t in enumerate(
        ("Code of conduct and complaints", "Our journalistic standards and practices",
         "Corrections and clarifications", "Terms & Conditions", "Advertise with the Paper")))
    assert texts(f'<ul>{story_items()}</ul><div class="about"><ul>{notices}</ul></div>') == STORIES
    # a headline naming such words is still a headline in its rail
    news = "Minister breaks the code of conduct over a second job, report finds"
    assert texts(f"<ul>{story_items(STORIES[:3] + [news])}</ul>") == STORIES[:3] + [news]


def test_the_previous_and_next_stories_are_headlines() -> None:
    # Under a post: the story before it and the one after, each in a box of its own
    # ("nav-previous", "nav-next") inside a "navigation" box. Each is a group of one in a nav
    # region and fell short, yet each names another story of the site by its title.
    older, newer = STORIES[0], STORIES[1]
    nav = (f'<nav class="navigation post-navigation"><div class="nav-previous"><a href="/2026/03/01/{slug(older)}">'
           f'<span class="meta-nav">&laquo;</span> {older}</a></div><div class="nav-next">'
           f'<a href="/2026/03/03/{slug(newer)}">{newer} <span class="meta-nav">&raquo;</span></a></div></nav>')
    assert texts(f"<article><h1>Today's story</h1><p>Text.</p>{nav}</article>") == [older, newer]
    # the standard's rel="prev" / rel="next" on a short slug (a post's address) says the same
    rel = "".join(f'<span class="{side}"><a rel="{r}" href="/{short}/">{s}</a></span>' for side, r, short, s in (
        ("left", "prev", "harbour-bridge", older), ("right", "next", "power-cut", newer)))
    assert texts(f"<article><h1>Today's story</h1><p>Text.</p><div>{rel}</div></article>") == [older, newer]
    # ... and so do the links' own classes when the two share one pagination box
    pair = "".join(f'<a class="{side}" href="/2026/03/0{i + 1}/{slug(s)}"><span class="label">{side.title()}</span>'
                   f'<span class="title">{s}</span></a>' for i, (side, s) in enumerate((("previous", older), ("next", newer))))
    assert texts(f'<article><h1>Today\'s story</h1><p>Text.</p><nav class="pagination">{pair}</nav></article>') == [older, newer]
    # the box's own label is no headline ("Read Next", "Newer story"), nor is a page of a listing
    labels = (f'<div class="next-story"><a href="/2026/03/03/{slug(newer)}">Read Next</a></div>'
              '<div class="nav-next"><a rel="next" href="/news/page/2/">Older posts</a></div>'
              '<div class="more"><a rel="next" href="/news/?page=3">More stories from the paper today</a></div>')
    assert texts(f"<article><h1>Today's story</h1><p>Text.</p>{labels}</article>") == []


def test_a_date_in_cjk_signs_is_a_time_stamp() -> None:
    # "The news in one minute": each card links its digest under the day's date ("1月10日 (金)")
    # and the digest's title in a span after it. The date piece is no headline; the title is.
    titles = ["港の橋を補修のため閉鎖へ", "嵐で数千世帯が停電", "パン店が全国賞を受賞"]
    cards = "".join(f'<li><a href="/articles/AST19{i}46MDT.html"><span class="date">1月{10 - i}日 ({d})</span>'
                    f'<span>{t}</span></a></li>' for i, (d, t) in enumerate(zip("金木水", titles)))
    assert texts(f'<section><h2>注目ニュース</h2><ul>{cards}</ul></section>') == titles
    # a lone date in the CJK signs, or an English date with its weekday, is no headline
    dates = "".join(f'<li><a href="/articles/AST19{i}47MDT.html">{d}</a></li>' for i, d in enumerate(
        ("2025年1月10日", "1월 10일 (금)", "Monday, March 25, 2024")))
    assert texts(f"<ul>{dates}</ul>") == []


def test_a_reading_cue_before_the_headline_is_left_out() -> None:
    # Links set in the story's text or under it carry their cue: "ALSO READ: <title>",
    # "Related: <title>". The cue is no part of the headline; "WATCH:" says what the story is
    # (a video) and stays on.
    cued = "".join(f'<p><a href="/2026/03/02/{slug(s)}">{cue}: {s}</a></p>'
                   for cue, s in zip(("ALSO READ", "Related", "READ MORE"), STORIES))
    assert texts(f"<div>{cued}</div>") == STORIES[:3]
    assert texts(f"<ul>{story_items(['WATCH: ' + s for s in STORIES])}</ul>") == ['WATCH: ' + s for s in STORIES]


def test_stories_filed_under_a_landing_folder_are_stories() -> None:
    # "More on the topic": each card links a story filed under its author's or category's
    # folder ("/authors/the-paper/<slug>", "/videos/category/science/<slug>"), so each address
    # reads as a landing page and the rail fell short. A sentence-long title on a page whose
    # own name is a long slug names one story.
    cards = "".join(f'<article class="card"><h3><a href="/authors/the-paper/{slug(s)}">{s}</a></h3></article>'
                    for s in STORIES[:3])
    assert texts(f'<section class="cluster"><h2>More on the topic</h2>{cards}</section>') == STORIES[:3]
    # the author's and the sections' own pages stay landing pages, long names or not
    landings = "".join(f'<li><a href="/authors/{slug(n)}/">{n}</a></li>' for n in (
        "Anna Maria de la Cruz Smith", "John Peter Paul van der Berg", "The Paper Editorial Board Team"))
    topics = "".join(f'<li><a href="/tag/{slug(t)}">{t}</a></li>' for t in (
        "Things To Do In October", "National Horse Show", "Harbour Bridge Works"))
    assert texts(f"<ul>{landings}</ul><ul>{topics}</ul>") == []
    # one such link alone proves nothing (a section's promo may carry a long text)
    lone = f'<li><a href="/authors/the-paper/{slug(STORIES[0])}">{STORIES[0]}</a></li><li><a href="/about/">About</a></li>'
    assert STORIES[0] not in texts(f"<ul>{lone}</ul>")


def test_a_link_to_one_comment_is_no_headline() -> None:
    # A "Recent comments" widget: each entry links one reader's comment under a post
    # ("<post>/#comment-954190"), worded "<name> commented on" or as the post's title.
    entries = "".join(f'<li><a href="/2026/03/0{i}/{slug(s)}/#comment-95419{i}">{s}</a></li>'
                      for i, s in enumerate(STORIES))
    names = "".join(f'<li><a href="/2026/03/02/{slug(STORIES[0])}/comment-page-1#comment-{280 + i}">'
                    f'{n} commented on</a></li>' for i, n in enumerate(("Colin Rust", "Anna Berg", "Ben")))
    assert texts(f'<aside class="widget"><ul>{entries}</ul><ul>{names}</ul></aside>') == []
    # a post at its own anchor (a live item, "#item-3") or its comments' count stays as it was
    assert texts(f"<ul>{story_items()}</ul>") == STORIES


def test_a_link_tagged_as_a_bought_placement_is_no_headline() -> None:
    # A box of course ads or a partner's promo: each link carries the campaign tag of a bought
    # placement ("utm_medium=cpl", "=cpc", "=display", "=banner", "=affiliate", "=ad"), in
    # the vocabulary analytics tools sort paid traffic by. Sentence-long texts, story-shaped
    # addresses, still advertisements.
    media = ("cpl", "CPC", "display", "banner", "affiliate")
    ads = "".join(f'<li><a href="https://courses.example/{slug(s)}?utm_source=paper&utm_medium={m}'
                  f'&utm_campaign=widget_home_{i}">{s}</a></li>' for i, (s, m) in enumerate(zip(STORIES, media)))
    assert texts(f"<ul>{ads}</ul>") == []
    # a house box whose links say so in any query value ("?cx_part=sponsored")
    promos = "".join(f'<li><a href="/2026/03/02/{slug(s)}?cx_part=sponsored">{s}</a></li>' for s in STORIES)
    assert texts(f"<ul>{promos}</ul>") == []
    # stories the site's feed, a social post or its own rail tags are stories still
    for medium in ("rss", "social", "internal", "widget", "referral"):
        tagged = "".join(f'<li><a href="/2026/03/02/{slug(s)}?utm_source=paper&utm_medium={medium}">{s}</a></li>'
                         for s in STORIES)
        assert texts(f"<ul>{tagged}</ul>") == STORIES, medium


def test_coupon_and_puzzle_pages_in_other_languages_are_no_stories() -> None:
    # The same reader offers in Spanish, German and French: a coupon site on the paper's own
    # host ("descuentos.", "/ofertas-descuentos/", "/gutscheine/") and its puzzles
    # ("/juegos/crucigramas/", "/sudokus/", "/mots-croises/"). Story-shaped addresses, no stories.
    offers = ["Utiliza nuestro cupón y ahórrate hasta un 70% en tu compra",
              "Entradas para el musical con descuento en el teatro de la ciudad",
              "Gutschein für den Elektronikmarkt: zwanzig Prozent auf alles",
              "Disfruta con nuestros crucigramas para expertos cada día",
              "Juega a nuestros sudokus y mejora día a día tu nivel",
              "Les mots croisés du jour pour les lecteurs les plus rapides"]
    urls = ["https://descuentos.paper.example/cupon-descuento-tienda-online", "/ofertas-descuentos/entradas-musical-teatro-16826.html",
            "/gutscheine/elektronikmarkt-zwanzig-prozent-rabatt", "/juegos/crucigramas/experto-2026-03-01",
            "/juegos/sudokus/medio-2026-03-01", "/jeux/mots-croises/grille-du-jour-2026-03-01"]
    side = "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in zip(urls, offers))
    assert texts(f'<ul>{story_items()}</ul><aside><ul class="offers">{side}</ul></aside>') == STORIES


def test_a_page_without_a_number_among_numbered_stories_is_a_landing() -> None:
    # A site whose stories carry a date or an id in their addresses ("/2026/03/0<i>/<slug>-<id>")
    # lists, among them, a section, series or topic page: a short name or a call to read on, at
    # an address with no number ("/news/small-business-success-stories/", "/sport/football/").
    said = [f"{s}, officials say" for s in STORIES]

    def rails(extra: str = "", at: int = 2) -> str:
        items = [f'<li><a href="/2026/03/0{i}/{slug(s)}-5{i}4821.html">{s}</a></li>' for i, s in enumerate(STORIES + said)]
        if extra:
            items.insert(at, extra)
        return f"<ul>{''.join(items[:6])}</ul><ul>{''.join(items[6:])}</ul>"

    section = '<li><a href="/news/small-business-success-stories/">Success Stories</a></li>'
    assert texts(rails(section)) == STORIES + said
    call = '<li><a href="/sport/football/">Catch up on all the latest football news</a></li>'
    assert texts(rails(call, 8)) == STORIES + said
    # a story written without a number stays: a sentence-long title at a slug of its own
    unnumbered = "Ferry service to the islands resumes after a month of repairs"
    story = f'<li><a href="/travel/{slug(unnumbered)}/">{unnumbered}</a></li>'
    assert texts(rails(story)) == STORIES[:2] + [unnumbered] + STORIES[2:] + said
    # an item id written in letters alone is a number too ("/ar-BBWPiKa"), whatever the title's length
    short = "Lantern lights up the square"
    lettered = f'<li><a href="/en-us/news/{slug(short)}/ar-BBWPiKa">{short}</a></li>'
    assert texts(rails(lettered)) == STORIES[:2] + [short] + STORIES[2:] + said
    # on a site whose stories carry no number, the rule says nothing
    plain = "".join(f'<li><a href="/stories/{slug(s)}/">{s}</a></li>' for s in STORIES)
    assert "Success Stories" in texts(f"<ul>{plain}{section}</ul>")


def test_about_and_a_name_is_the_publishers_page() -> None:
    # "About CBC News", "About the Newsroom", "About Fact Tank": "About" and a short name, nothing
    # else, under a story or in a rail, links the publisher's page about its desk or blog.
    abouts = ["About Paper News", "About the Newsroom", "About Victor Davis Hanson"]
    items = "".join(f'<li><a href="/2026/03/0{i}/{slug(s)}">{s}</a></li>' for i, s in enumerate(STORIES))
    items += "".join(f'<li><a href="/news/{slug(a)}-1.129436{i}">{a}</a></li>' for i, a in enumerate(abouts))
    assert texts(f"<ul>{items}</ul>") == STORIES
    # a headline that opens with "about" says more than a name
    told = ["About 200 homes evacuated as river bursts its banks", "About Face: Council reverses bridge plan"]
    more = "".join(f'<li><a href="/2026/03/1{i}/{slug(s)}">{s}</a></li>' for i, s in enumerate(told))
    assert texts(f"<ul>{items}{more}</ul>") == STORIES + told


def test_a_lone_headline_in_a_header_or_footer_is_kept() -> None:
    # A masthead's "top story" card, a footer's featured video or a mega-menu's one preview:
    # a link alone in a header, footer or menu region whose text is a sentence at a story page
    # of the site. Its region's words weigh no more than they do over an evident list.
    items = "".join(f'<li><a href="/2026/03/0{i}/{slug(s)}">{s}</a></li>' for i, s in enumerate(STORIES))
    lone = "Harbour master retires after forty years guiding ships home"
    card = f'<div class="card"><a href="/2026/03/09/{slug(lone)}">{lone}</a></div>'
    menu = '<ul><li><a href="/news/">News</a></li><li><a href="/sport/">Sport results</a></li></ul>'
    got = texts(f'<header class="site-header">{menu}{card}</header><main><ul>{items}</ul></main>')
    assert got == [lone] + STORIES
    assert texts(f'<main><ul>{items}</ul></main><footer class="footer">{card}</footer>') == STORIES + [lone]
    # ... not under a control's words (share, comments, ad), and not a short label
    shared = card.replace('class="card"', 'class="share-tools"')
    assert texts(f'<header>{shared}</header><ul>{items}</ul>') == STORIES
    short = '<div class="card"><a href="/2026/03/09/harbour-master-retires">Harbour master retires</a></div>'
    assert texts(f'<header>{short}</header><ul>{items}</ul>') == STORIES
    # ... nor when a list of the page links that story already (a teaser of it in the masthead)
    teaser = f'<div class="card"><a href="/2026/03/00/{slug(STORIES[0])}">LIVE {STORIES[0]}</a></div>'
    assert texts(f'<header>{teaser}</header><ul>{items}</ul>') == STORIES


def test_a_breadcrumbs_last_step_and_a_promoted_story_are_headlines() -> None:
    # A trail of sections, then the page itself: its last step is the page's own headline (a
    # sentence at a story page of the site), which the labels count; the sections are not.
    items = "".join(f'<li><a href="/2026/03/0{i}/{slug(s)}">{s}</a></li>' for i, s in enumerate(STORIES))
    own = "Harbour master retires after forty years guiding ships home"
    trail = (f'<ol class="breadcrumbs"><li><a href="/">Home</a></li><li><a href="/news/">Local news</a></li>'
             f'<li><a href="/2026/03/09/{slug(own)}">{own}</a></li></ol>')
    assert texts(f"{trail}<ul>{items}</ul>") == [own] + STORIES
    # ... a promo box promoting one story of the site is such a card too
    promo = f'<div class="promo"><a href="/2026/03/09/{slug(own)}">{own}</a></div>'
    assert texts(f"<ul>{items}</ul>{promo}") == STORIES + [own]
    # ... which is no licence for other control regions' lone links
    assert texts(f'{trail.replace("breadcrumbs", "share-bar")}<ul>{items}</ul>') == STORIES
    assert texts(f'<ul>{items}</ul>{promo.replace("promo", "promo ad-slot")}') == STORIES


def test_the_sites_own_stories_under_a_sponsored_label_are_its_recirculation() -> None:
    # A related-stories box whose template opens with an empty native-ad slot labelled
    # "Sponsored", or a vendor's "You may like" box: when every link is a distinct story of the
    # site itself, the list is the site's recirculation. Links to other sites stay paid.
    def box(links: str) -> str:
        return (f'<aside><div><h4 class="headlines_title"><span>Sponsored</span></h4></div>'
                f'<ul>{links}</ul></aside>')
    own = "".join(f'<li><a href="/content/news/{slug(s)}-50594840{i}.html">{s}</a></li>' for i, s in enumerate(STORIES))
    got = extract_page(page(box(own)), SITE)
    assert [(lst.name, [h.text for h in lst.headlines]) for lst in got.lists] == [("related", STORIES)]
    paid = "".join(f'<li><a href="https://ads.example/{slug(s)}-50594840{i}.html">{s}</a></li>' for i, s in enumerate(STORIES))
    assert texts(box(paid)) == []


def test_a_label_naming_the_folder_its_link_lies_in_is_no_headline() -> None:
    # Kicker and section labels ("Data Center", "Mein Geld") linking a page below the folder
    # they name, which the address goes on to name in words: a section's label, not a title.
    sections = ["Data Center", "Health & Fitness", "Mein Geld", "Internet of Things", "Local Sport"]
    stories = "".join(f'<li><a href="/news/{slug(s)}-4420{i}.html">{s}</a></li>' for i, s in enumerate(STORIES))
    labels = "".join(f'<li><a href="/{slug(k)}/{slug(s)}">{k}</a></li>' for k, s in zip(sections, STORIES))
    assert texts(f'<ul>{stories}</ul><div class="topics"><ul>{labels}</ul></div>') == STORIES
    # ... but a short headline whose story keeps its slug as a folder before an id stays
    short = ["Deler ny oppdatering", "Achtung, ansteckend!", "Harbour master retires",
             "Ferry fares frozen", "Bridge reopens early"]
    ids = "".join(f'<li><a href="/sport/{slug(s)}/8175644{i}">{s}</a></li>' for i, s in enumerate(short))
    assert texts(f'<ul>{stories}</ul><div class="latest"><ul>{ids}</ul></div>') == STORIES + short


def test_a_link_named_like_its_own_folder_holding_pages_the_page_links_is_a_landing() -> None:
    # A menu of topics whose addresses are folders ("/od/Biology-of-Cancer/") beside stories
    # filed inside them ("/od/Biology-of-Cancer/a/Cancer-Cells.htm"): the topics are landings.
    topics = ["Biology of Cancer", "Living With Lung Cancer", "End of Life Issues",
              "Lung Nodules and Masses", "Types of Lung Cancer"]
    folders = ["Biology-of-Cancer", "livingwithlungcancer", "endoflifeissues", "Lung-Nodules-and-Masses",
               "typesoflungcancer"]
    menu = "".join(f'<li><a href="/od/{f}/">{t}</a></li>' for t, f in zip(topics, folders))
    stories = "".join(f'<li><a href="/od/{f}/a/{slug(s)}.htm">{s}</a></li>' for f, s in zip(folders, STORIES))
    assert texts(f'<div class="topics"><ul>{menu}</ul></div><div class="latest"><ul>{stories}</ul></div>') == STORIES
    # ... while a short story named like its own slug keeps its title beside its parts
    # ("/slug/amp", "/slug/feed", a second page), which are no pages inside a folder
    short = ["Harbour master retires after forty years", "Ferry fares frozen until spring",
             "Bridge reopens two weeks early", "Bakery wins national bread award", "New cycle lanes open today"]
    posts = "".join(f'<li><a href="/{slug(s)}/">{s}</a></li>' for s in short)
    parts = "".join(f'<a href="/{slug(s)}/amp/">AMP</a> <a href="/{slug(s)}/2/">Page two</a>' for s in short)
    assert texts(f'<div class="latest"><ul>{posts}</ul></div><p>{parts}</p>') == short

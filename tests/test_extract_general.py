"""Detection rules that must hold on pages never seen: each test builds a small page with one
layout habit of real sites and checks what extraction keeps."""
from __future__ import annotations

from aggregator.detect import word_count
from aggregator.extract import extract_page
from tests.written_pages import SITE, STORIES, page, texts


def story_items(stories: list[str] = STORIES, prefix: str = "/2026/03/02/") -> str:
    return "".join(f'<li><a href="{prefix}{s.lower().replace(" ", "-")}">{s}</a></li>' for s in stories)


def test_story_rail_in_header_and_comments_containers_is_kept() -> None:
    # Nav/utility vocabulary on the container loses to repetition of clear headlines.
    for wrap in ('<header class="site-header"><nav class="menu">{}</nav></header>',
                 '<div class="right-comments"><ul>{}</ul></div>',
                 '<footer class="footer"><div class="sharebar"><ul>{}</ul></div></footer>'):
        got = texts(wrap.format(f"<ul>{story_items()}</ul>"))
        assert got == STORIES, wrap


def test_short_menu_in_header_stays_out() -> None:
    menu = "".join(f'<li><a href="/{w.lower()}/">{w} news</a></li>' for w in ("World", "Sport", "Money", "Travel"))
    got = texts(f'<header><nav class="menu"><ul>{menu}</ul></nav></header><main><ul>{story_items()}</ul></main>')
    assert got == STORIES


def test_class_cues_match_whole_words() -> None:
    # "non-ad" is not an ad, a hashed name carries no word, a WordPress post's tag-x class is
    # not a tag list; a real "ad" container still vetoes a weak list.
    for klass in ("non-ad-column", "jVfWM", "post hentry type-post tag-politics tag-ad"):
        assert texts(f'<div class="{klass}"><ul>{story_items()}</ul></div>') == STORIES, klass


def test_landing_links_are_not_stories() -> None:
    tags = "".join(f'<li><a href="/tag/{s.lower().replace(" ", "-")}">{s}</a></li>'
                   for s in ("Harbour bridge repair works", "Regional power grid failures", "Bakery awards and prizes"))
    got = texts(f"<ul>{story_items()}</ul><div><ul>{tags}</ul></div>")
    assert got == STORIES


def test_card_title_link_wins_over_teaser_and_button() -> None:
    cards = "".join(
        f'<div class="card"><h3><a href="/2026/03/02/story-{i}">{s}</a></h3>'
        f'<p class="dek"><a href="/2026/03/02/story-{i}">A much longer teaser sentence that tells '
        f'the reader what happened and why it matters to them.</a></p>'
        f'<a class="btn" href="/2026/03/02/story-{i}#more">Read on</a></div>'
        for i, s in enumerate(STORIES))
    assert texts(cards) == STORIES


def test_distinct_headlines_sharing_one_link_all_stay() -> None:
    # An aggregator whose items all point to a login page: five headlines, not one.
    items = "".join(f'<li><a href="/login">{s}</a></li>' for s in STORIES)
    assert texts(f"<ul>{items}</ul>") == STORIES


def test_cut_and_full_form_of_one_link_keep_the_full_form() -> None:
    cut = STORIES[0][:30] + "\u2026"
    body = (f'<ul><li><a href="/2026/03/02/bridge">{cut}</a></li>{story_items(STORIES[1:])}</ul>'
            f'<ul class="x"><li><a href="/2026/03/02/bridge">{STORIES[0]}</a></li></ul>')
    got = texts(body)
    assert STORIES[0] in got and cut not in got


def test_script_and_item_query_links_in_a_list_are_headlines() -> None:
    js = "".join(f'<li><a href="javascript:void(0)">{s}</a></li>' for s in STORIES)
    page_ = extract_page(page(f"<ul>{js}</ul>"), SITE)
    assert [h.text for h in page_.lists[0].headlines] == STORIES
    assert all(h.url is None for h in page_.lists[0].headlines)
    watch = "".join(f'<li><a href="/watch?v=Ab{i}cD3fG">{s}</a></li>' for i, s in enumerate(STORIES))
    assert texts(f"<ul>{watch}</ul>") == STORIES


def test_vendor_widget_keeps_own_links_and_drops_paid_ones() -> None:
    paid = "".join(f'<li><a href="https://ads.example/click/{i}-one-weird-trick-doctors-hate">'
                   f"One weird trick doctors hate number {i} revealed today</a></li>" for i in range(4))
    got = texts(f'<div class="outbrain-widget"><ul>{story_items()}</ul></div>'
                f'<div class="outbrain-widget"><ol>{paid}</ol></div>')
    assert got == STORIES


def test_kicker_in_capitals_over_the_headline() -> None:
    cards = "".join(f'<div class="teaser"><a href="/2026/03/02/s{i}"><h2 class="headline">BIG NEWS</h2>'
                    f"<p>{s}</p></a></div>" for i, s in enumerate(STORIES))
    assert texts(cards) == STORIES


def test_eyebrow_heading_is_not_the_title() -> None:
    cards = "".join(f'<article><a href="/2026/03/02/s{i}"><h3 class="card-eyebrow">Markets</h3>'
                    f'<p class="card-headline">{s}</p></a></article>' for i, s in enumerate(STORIES))
    assert texts(cards) == STORIES


def test_lone_time_link_is_no_headline() -> None:
    items = "".join(f'<li><a href="/2026/03/02/s{i}">{s}</a> <a href="/2026/03/02/s{i}#c"><span>about {i + 1} hours ago</span></a></li>'
                    for i, s in enumerate(STORIES))
    assert texts(f"<ul>{items}</ul>") == STORIES


def test_cjk_length_measure() -> None:
    assert word_count("ログイン") < 2          # a menu label
    assert word_count("南海トラフ再び臨時情報　宮崎で震度５弱") >= 5  # a headline
    assert word_count("대통령 오늘 기자회견 열어") == 4  # Korean spaces its words


def test_job_shop_and_account_pages_are_not_stories() -> None:
    jobs = "".join(f'<li><a href="https://jobs.paper.example/listing/{i}-senior-software-engineer-remote">'
                   f"Senior software engineer for payments platform team {i}</a></li>" for i in range(4))
    shop = "".join(f'<li><a href="/shop/products/{i}-vintage-front-page-print-framed">'
                   f"Vintage front page print in an oak frame {i}</a></li>" for i in range(4))
    assert texts(f"<ul>{story_items()}</ul><ol>{jobs}</ol><div><ul>{shop}</ul></div>") == STORIES


def test_screen_reader_suffix_is_stripped() -> None:
    items = "".join(f'<li><a href="/2026/03/02/s{i}">{s} <span class="sr-only">(opens in new window)</span></a></li>'
                    for i, s in enumerate(STORIES))
    assert texts(f"<ul>{items}</ul>") == STORIES


def test_short_headlines_of_a_story_rail_in_a_header_are_kept() -> None:
    # Two- and three-word headlines, each linking to its own story page of the site, inside a
    # header's trending bar: the links say "stories" where the texts alone would not.
    short = ["Dangerous toys warning", "Thanksgiving veggies", "Property taxes rising", "Three agency mistakes"]
    rail = "".join(f'<li><a href="/2026/03/0{i}/{s.lower().replace(" ", "-")}-story-text">{s}</a></li>'
                   for i, s in enumerate(short, 1))
    got = texts(f'<header><nav class="trending-bar"><ul>{rail}</ul></nav></header><main><ul>{story_items()}</ul></main>')
    assert got == short + STORIES


def test_short_links_to_sections_in_a_header_stay_out_even_with_one_story_among_them() -> None:
    menu = "".join(f'<li><a href="/{w.lower()}/">{w} news</a></li>' for w in ("World", "Sport", "Money"))
    menu += '<li><a href="/2026/03/02/storm-leaves-homes-dark-overnight">Storm news</a></li>'
    got = texts(f'<header><nav class="menu"><ul>{menu}</ul></nav></header><main><ul>{story_items()}</ul></main>')
    assert got == STORIES


def test_calls_to_the_reader_redirect_links_labels_and_gallery_arrows_are_not_headlines() -> None:
    noise = [
        ('/2026/03/02/how-you-can-help-flood-victims-today', "Find out more on how to help people in need"),
        ('/2026/03/02/send-us-your-storm-photos-and-videos', "Send your images and videos of the storm"),
        ('https://bit.ly/3xYz12', "Harbour Bridge Souvenir Mug With Lid"),
        ('https://www.shareasale.com/u.cfm?d=5&m=4', "See the best phone deals of the season"),
        ('/2026/03/02/bridge-closure-gallery-images-one', "Crowds at the bridge on the last day | Foto:"),
        ('/2026/03/02/bridge-closure-gallery-images-two', "Zum nächsten Bild"),
    ]
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in noise)
    assert texts(f"<ul>{story_items()}{items}</ul>") == STORIES


def test_full_form_kept_when_the_cut_sighting_comes_first_in_a_merged_list() -> None:
    # The cut forms in a teaser strip, the full forms later in a share bar and a comments box:
    # all three lists go under one name, and per link the full form wins, in the first place.
    cut = "".join(f'<li><a href="/2026/03/02/{s.lower().replace(" ", "-")}">{s[:24]}\u2026</a></li>' for s in STORIES)
    full = f'<div class="sharebar"><ul>{story_items()}</ul></div>'
    boxed = f'<div class="comments-box"><ul>{story_items()}</ul></div>'
    page_lists = extract_page(page(f"<div><ul>{cut}</ul></div>{full}{boxed}"), SITE).lists
    got = [h.text for lst in page_lists for h in lst.headlines]
    assert got == STORIES


def test_podcast_show_and_event_listing_links_are_not_headlines() -> None:
    promos = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in (
        ("/podcasts/latest/secrets-of-the-harbour-weekly-show", "Secrets of the Harbour Weekly Podcast"),
        ("/event/193", "Spring dance festival at the old town hall"),
        ("https://podcasts.paper.example/the-daily-paper-club/episodes/", "Listen to the daily club of the paper"),
    ))
    assert texts(f"<ul>{story_items()}{promos}</ul>") == STORIES

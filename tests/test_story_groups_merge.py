"""Story merges through a headline matched in two stories (aggregator/story_groups.py)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from aggregator.stories import agrees, asks_whether, claims_conflict, prepare, same_story
from aggregator.story_groups import StoryGrouper


def _at(hours: float) -> str:
    return (datetime(2026, 3, 1, 8, tzinfo=timezone.utc) + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _seeded(centre_a: str, centre_b: str, member_b: str) -> StoryGrouper:
    """A grouper holding story 0 (`centre_a` alone) and story 1 (`centre_b`, then `member_b`), as an
    earlier pass grouped them (a member can land in the other story when the candidate search of a
    crowded story missed its near-duplicate)."""
    grouper = StoryGrouper(3 * 86400.0)
    grouper.seed(0, _at(0), "0000", None, centre_a, 0, (_at(0), "0000"), centre_a)
    grouper.seed(1, _at(0.1), "0001", None, centre_b, 1, (_at(0.1), "0001"), centre_b)
    grouper.seed(2, _at(0.2), "0002", None, member_b, 1, (_at(0.1), "0001"), centre_b)
    return grouper


def test_two_stories_holding_near_duplicates_merge_though_their_centres_name_different_people() -> None:
    centre_a = "Okafor weds Brandt in secret ceremony at Kwame's villa"
    centre_b = "Okafor and Brandt wedding kept secret from Mensah and friends"
    member_b = "Okafor weds Brandt in secret ceremony at villa"
    headline = "Okafor weds Brandt in secret ceremony"
    assert not agrees(prepare(centre_a), prepare(centre_b))   # the centres alone would not merge
    assert same_story(centre_a, member_b) and same_story(headline, centre_a) and same_story(headline, member_b)
    grouper = _seeded(centre_a, centre_b, member_b)
    assert grouper.add(3, _at(0.3), "0003", None, headline) == [0, 2]
    assert grouper.merges == [(1, 0)]


def test_near_duplicate_members_do_not_merge_stories_whose_centres_make_conflicting_claims() -> None:
    centre_a = "Stocks open lower on Wall Street"
    centre_b = "Stocks close lower on Wall Street"
    member_b = "Stocks open lower on Wall Street today"   # misplaced: it says what story 0 says
    headline = "Stocks open lower on Wall Street as oil slides"
    assert same_story(centre_a, member_b) and same_story(headline, centre_a) and same_story(headline, member_b)
    grouper = _seeded(centre_a, centre_b, member_b)
    grouper.add(3, _at(0.3), "0003", None, headline)
    assert grouper.merges == [] and grouper.story_of(3) == 0


def test_a_headline_near_duplicate_of_both_centres_merges_their_stories() -> None:
    centre_a = "Okafor weds Brandt in secret ceremony at Kwame's villa"
    centre_b = "Okafor and Brandt wedding kept secret from Mensah and friends"
    member_b = "Okafor Brandt wedding kept secret from friends"
    headline = "Okafor weds Brandt in secret ceremony, kept from friends"
    assert same_story(headline, centre_a) and same_story(headline, centre_b) and not same_story(centre_a, member_b)
    grouper = _seeded(centre_a, centre_b, member_b)
    grouper.add(3, _at(0.3), "0003", None, headline)
    assert grouper.merges == [(1, 0)]


def test_a_headline_resembling_two_stories_does_not_merge_them_through_itself_alone() -> None:
    # The headline matches a member of each story, but those members are not near-duplicates of each
    # other, it is no near-duplicate of the second centre, and the centres do not agree: a chain.
    centre_a = "Okafor weds Brandt in secret ceremony at Kwame's villa"
    centre_b = "Why Okafor and Brandt kept wedding secret: Mensah explains"
    member_b = "Okafor Brandt wedding kept secret from friends"
    headline = "Okafor weds Brandt in secret ceremony, kept from friends"
    assert same_story(headline, centre_a) and same_story(headline, member_b)
    assert not same_story(headline, centre_b) and not same_story(centre_a, member_b)
    grouper = _seeded(centre_a, centre_b, member_b)
    assert grouper.add(3, _at(0.3), "0003", None, headline) == [0]
    assert grouper.merges == []


def test_a_headline_whose_rare_words_are_its_own_detail_finds_a_crowded_story() -> None:
    # Every shared word is too common to read whole (posting cap 2); the headline's only rare words are
    # the detail it adds ("beach villa"): its rarest common word's latest entries still find the story.
    texts = ["Okafor marries Brandt in Lagos", "Okafor weds Brandt in Lagos", "Okafor and Brandt marry in Lagos",
             "Okafor marries Brandt in Lagos beach villa"]
    assert same_story(texts[0], texts[3])
    grouper = StoryGrouper(3 * 86400.0, posting_cap=2)
    for n, text in enumerate(texts):
        grouper.add(n, _at(n / 60), f"{n:04d}", None, text)
    assert set(grouper.take_stories().values()) == {0}


def test_a_question_asking_for_a_detail_does_not_dispute_a_statement_of_the_event() -> None:
    # "Who did X choose?" asks which way the event went; "Is X ...?" asks whether the claim holds.
    assert not claims_conflict(prepare("Brandt Finale: Who Did Okafor Choose?"),
                               prepare("Brandt Finale: Okafor Makes His Final Decision"))
    assert claims_conflict(prepare("Is Okafor dead?"), prepare("Okafor dies"))
    assert claims_conflict(prepare("Will Brandt buy Kwame Foods?"), prepare("Brandt to buy Kwame Foods"))
    # The pairwise rule keeps its veto: a question is not the statement it asks about.
    assert not same_story("Brandt Finale: Who Did Okafor Choose?", "Brandt Finale: Okafor Chose Mensah")


def test_stories_merge_when_one_centre_asks_who_and_the_other_tells_the_event() -> None:
    centre_a = "Brandt Finale: Who Did Okafor Choose?"
    centre_b = "Brandt Finale: Okafor Makes His Final Decision"
    member_b = "Brandt Finale Recap: Who Did Okafor Choose?"   # misplaced by a crowded story's search
    headline = "Brandt Finale Spoilers: Who Did Okafor Choose?"
    assert same_story(headline, centre_a) and same_story(headline, member_b) and same_story(centre_a, member_b)
    grouper = _seeded(centre_a, centre_b, member_b)
    grouper.add(3, _at(0.3), "0003", None, headline)
    assert grouper.merges == [(1, 0)]


def test_stories_stay_apart_when_one_centre_asks_whether_the_other_s_claim_holds() -> None:
    centre_a = "Is Okafor the Worst Brandt Host Ever?"
    centre_b = "Okafor Named the Worst Brandt Host Ever"
    member_b = "Is Okafor the Worst Brandt Host Yet?"
    headline = "Is Okafor Really the Worst Brandt Host Ever?"
    assert same_story(headline, centre_a) and same_story(headline, member_b) and same_story(centre_a, member_b)
    grouper = _seeded(centre_a, centre_b, member_b)
    grouper.add(3, _at(0.3), "0003", None, headline)
    assert grouper.merges == [] and grouper.story_of(3) == 0


def _two_stories(centre_a: str, member_a: str, centre_b: str, member_b: str) -> StoryGrouper:
    """Story 0 (`centre_a`, `member_a`) and story 1 (`centre_b`, `member_b`), as an earlier pass grouped them."""
    grouper = StoryGrouper(3 * 86400.0)
    for hid, text, root, centre in ((0, centre_a, 0, centre_a), (1, centre_b, 1, centre_b),
                                    (2, member_a, 0, centre_a), (3, member_b, 1, centre_b)):
        grouper.seed(hid, _at(hid / 10), f"{hid:04d}", None, text, root, (_at(root / 10), f"{root:04d}"), centre)
    return grouper


def test_a_headline_on_two_stories_edges_does_not_merge_them_though_their_centres_agree() -> None:
    # The centres share their subject (a recall and a probe) but tell two stories; the headline
    # resembles one member of each and neither centre: merging would glue them through their edges.
    centre_a, centre_b = "Brandt Motors forms recall probe team", "Criminal probe in Brandt Motors recall of deadly defect"
    member_a = "Congressional committee to probe Brandt Motors recall effort"
    member_b = "House panel investigating slow recall response by Brandt Motors"
    headline = "Congressional committee investigating slow Brandt Motors recall response"
    assert agrees(prepare(centre_a), prepare(centre_b))
    assert same_story(headline, member_a) and same_story(headline, member_b) and not same_story(member_a, member_b)
    assert not same_story(headline, centre_a) and not same_story(headline, centre_b)
    grouper = _two_stories(centre_a, member_a, centre_b, member_b)
    assert grouper.add(4, _at(0.4), "0004", None, headline) == [2]
    assert grouper.merges == []


def test_a_headline_near_duplicate_of_one_centre_merges_stories_whose_centres_agree() -> None:
    centre_a, centre_b = "Brandt Motors recall probe: congressional committee investigating slow response", \
        "Criminal probe in Brandt Motors recall of deadly defect"
    member_a = "Congressional committee to probe Brandt Motors recall effort"
    member_b = "House panel investigating slow recall response by Brandt Motors"
    headline = "Congressional committee investigating slow Brandt Motors recall response"
    assert agrees(prepare(centre_a), prepare(centre_b)) and same_story(headline, centre_a)
    assert same_story(headline, member_b) and not same_story(headline, centre_b)
    grouper = _two_stories(centre_a, member_a, centre_b, member_b)
    grouper.add(4, _at(0.4), "0004", None, headline)
    assert grouper.merges == [(1, 0)]


def test_a_member_near_duplicate_of_the_other_story_s_centre_bridges_two_stories() -> None:
    # A triangle through the other story's centre: the headline matches a member of story 0 that is
    # itself a near-duplicate of story 1's centre (the centres do not agree, and the members the
    # headline matched are not near-duplicates of each other: each adds its own place).
    centre_a = "Okafor weds Brandt in secret ceremony at Kwame's villa"
    centre_b = "Okafor and Brandt wedding kept secret from Mensah and friends"
    member_a = "Okafor Brandt wedding kept secret from Mensah, friends in Paris"
    member_b = "Okafor, Brandt wedding kept secret from Mensah for months in Lagos"
    headline = "Okafor, Brandt wedding kept secret from Mensah for months"   # closest to member_b of story 1
    assert not agrees(prepare(centre_a), prepare(centre_b)) and not same_story(headline, centre_a)
    assert same_story(member_a, centre_b) and not same_story(member_a, member_b)
    assert same_story(headline, member_a) and same_story(headline, member_b)
    grouper = _two_stories(centre_a, member_a, centre_b, member_b)
    assert grouper.add(4, _at(0.4), "0004", None, headline) == [2, 3]
    assert grouper.merges == [(1, 0)]


def _one_story(centre: str, *members: str) -> StoryGrouper:
    """Story 0: `centre` (its root), then `members`, as an earlier pass grouped them."""
    grouper = StoryGrouper(3 * 86400.0)
    for hid, text in enumerate((centre, *members)):
        grouper.seed(hid, _at(hid / 10), f"{hid:04d}", None, text, 0, (_at(0), "0000"), centre)
    return grouper


CENTRE = "Okafor weds Brandt in secret ceremony at Lagos villa"
ASKED = "Did Okafor wed Brandt in secret ceremony?"
ASKED_TOO = "Did Okafor wed Brandt in a secret ceremony at villa?"
QUESTION = "Did Okafor really wed Brandt in a secret ceremony?"


def test_a_yes_no_question_does_not_join_a_statement_through_one_neighbour() -> None:
    # The question is a near-duplicate of one member (a question too) but asks whether the claim
    # the story's centre states holds: it starts its own story rather than chain onto the statement.
    assert same_story(QUESTION, ASKED) and not same_story(QUESTION, CENTRE)
    assert asks_whether(prepare(QUESTION), prepare(CENTRE))
    grouper = _one_story(CENTRE, ASKED)
    assert grouper.add(2, _at(0.5), "0002", None, QUESTION) == []
    assert grouper.story_of(2) == 2


def test_a_yes_no_question_joins_a_statement_through_enough_members() -> None:
    # Two members it is a near-duplicate of: the story holds that question already (SUPPORT members).
    assert same_story(QUESTION, ASKED_TOO)
    grouper = _one_story(CENTRE, ASKED, ASKED_TOO)
    assert grouper.add(3, _at(0.5), "0003", None, QUESTION) in ([1], [2])
    assert grouper.story_of(3) == 0


def test_a_question_asking_for_a_detail_joins_a_statement_through_one_neighbour() -> None:
    asked = "Who did Okafor wed in secret ceremony?"
    headline = "Who did Okafor wed in a secret ceremony at villa?"
    assert same_story(headline, asked) and not asks_whether(prepare(headline), prepare(CENTRE))
    grouper = _one_story(CENTRE, asked)
    assert grouper.add(2, _at(0.5), "0002", None, headline) == [1]
    assert grouper.story_of(2) == 0


def test_a_yes_no_question_joins_through_a_member_with_its_own_link() -> None:
    # The same article, its headline edited: the link holds it in its story whatever it asks.
    grouper = StoryGrouper(3 * 86400.0)
    for hid, text, url in ((0, CENTRE, None), (1, ASKED, "https://example.org/okafor-wedding")):
        grouper.seed(hid, _at(hid / 10), f"{hid:04d}", url, text, 0, (_at(0), "0000"), CENTRE)
    assert grouper.add(2, _at(0.5), "0002", "https://example.org/okafor-wedding", QUESTION) == [1]
    assert grouper.story_of(2) == 0


def test_a_headline_between_two_conflicting_stories_joins_the_one_whose_centre_it_repeats() -> None:
    # Story 0 says the market closed lower but holds a misplaced "open lower" member; story 1 says it
    # opened lower. The headline repeats story 1's centre and matches the misplaced member: the
    # centres conflict (no merge), and it joins story 1, not the earlier story through its edge.
    centre_a, member_a = "Stocks close lower on Wall Street", "Stocks open lower on Wall Street today"
    centre_b, member_b = "Stocks open lower on Wall Street", "Stocks open lower on Wall Street, oil slips"
    headline = "Stocks open lower on Wall Street as oil slides"
    assert claims_conflict(prepare(centre_a), prepare(centre_b))
    assert same_story(headline, member_a) and same_story(headline, centre_b) and not same_story(headline, centre_a)
    grouper = _two_stories(centre_a, member_a, centre_b, member_b)
    links = grouper.add(4, _at(0.4), "0004", None, headline)
    assert grouper.merges == [] and grouper.story_of(4) == 1 and links in ([1], [3])


def test_a_headline_repeating_the_first_story_s_centre_stays_there_when_the_stories_conflict() -> None:
    centre_a, member_a = "Stocks open lower on Wall Street", "Stocks open lower on Wall Street, oil slips"
    centre_b, member_b = "Stocks close lower on Wall Street", "Stocks open lower on Wall Street today"
    headline = "Stocks open lower on Wall Street as oil slides"
    grouper = _two_stories(centre_a, member_a, centre_b, member_b)
    grouper.add(4, _at(0.4), "0004", None, headline)
    assert grouper.merges == [] and grouper.story_of(4) == 0



def test_a_headline_that_merged_two_stories_stays_in_them_though_a_conflicting_story_has_its_centre() -> None:
    # Stories 0 and 1 both say the market closed lower, each holding a misplaced "open lower"
    # member; story 2 says it opened lower. The headline matches both misplaced members (near-
    # duplicates of each other: stories 0 and 1 merge through it) and story 2's centre. Its links
    # are the record of that merge (db/stories.py relabels stories as components of the links), so
    # it stays in the merged story rather than move to story 2.
    centre_a, member_a = "Stocks close lower on Wall Street", "Stocks open lower on Wall Street today"
    centre_c, member_c = "Wall Street stocks close lower as Dow slips", "Stocks open lower on Wall Street, oil slips"
    centre_b = "Stocks open lower on Wall Street"
    headline = "Stocks open lower on Wall Street as oil slides"
    assert same_story(member_a, member_c) and not claims_conflict(prepare(centre_a), prepare(centre_c))
    assert same_story(headline, centre_b) and not same_story(headline, centre_a) and not same_story(headline, centre_c)
    grouper = StoryGrouper(3 * 86400.0)
    for hid, text, root, centre in ((0, centre_a, 0, centre_a), (1, centre_c, 1, centre_c), (2, centre_b, 2, centre_b),
                                    (3, member_a, 0, centre_a), (4, member_c, 1, centre_c)):
        grouper.seed(hid, _at(hid / 10), f"{hid:04d}", None, text, root, (_at(root / 10), f"{root:04d}"), centre)
    assert sorted(grouper.add(5, _at(0.5), "0005", None, headline)) == [3, 4]
    assert grouper.merges == [(1, 0)] and grouper.story_of(5) == 0

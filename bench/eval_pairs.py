"""Precision/recall of story grouping on labelled headline pairs (UCI News dev slice layout).

Usage: python bench/eval_pairs.py DATASET_DIR [--half tune|check] [--shuffle SEED] [--rule] [--bands]
                                   [--errors N] [--min-jaccard J] [--consistency] [--splits N] [--joins N]

DATASET_DIR holds headlines.csv (ID, TITLE, URL, ..., TIMESTAMP in ms) and pairs.tsv (id_a, id_b,
title_a, title_b, label SAME/DIFF). Every headline is cleaned and deduplicated as ingest does, then
grouped by StoryGrouper in canonical order; a pair is predicted SAME when both headlines land in
one story. `--rule` scores the pairwise rule alone instead (no grouping). `--half` keeps the pairs
at even (tune) or odd (check) rows, to see that a rule tuned on one half holds on the other.
`--shuffle SEED` feeds the headlines in a shuffled arrival order first and checks that the
stories are the same (canonical order makes them so). `--bands` adds P/R by plain word Jaccard
(< 0.3, 0.3-0.5, >= 0.5; see eval_stories.py); `--errors N` prints N wrong pairs with their Jaccard,
only those at Jaccard >= J with `--min-jaccard J`. `--consistency` also counts, without labels, the pairs of
headlines.csv at word Jaccard >= 0.5 (first seen within the window of each other) that the pairwise
rule calls one story but the grouping splits, and those the rule calls two that the grouping joins:
what the grouping loses or adds on top of the rule where most real same-story pairs are.
It then sorts the joined pairs by why the rule keeps them apart (its veto, or "wording": too few
words shared) and names the five stories holding most of them with their sizes.
It also counts the split pairs by mechanism, seen from the later headline: "search" (never compared
with the earlier one), "refused" (it matched both stories and others, joined one, and no merge
followed), "conflict" (the same, the stories' centres making conflicting claims), "coherence" (a
yes/no question that matched the story through one neighbour).
`--splits N` (with --consistency) prints N of the split pairs with their stories' centres, marked
by that mechanism, `--joins N` N of the joined rule-DIFF pairs: label-free, so safe to read while tuning.
"""
from __future__ import annotations

import csv
import math
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from eval_stories import _WORD, Tally, option, word_jaccard

from aggregator.clean import clean_text, headline_key
from aggregator.stories import claims_conflict, prepare, same_prepared, same_story, veto_kind
from aggregator.story_groups import StoryGrouper
from aggregator.timewindow import parse_iso

WINDOW_SECONDS = 3 * 86400.0


def load_headlines(path: str) -> dict[str, tuple[str, str, str, str]]:
    """ID -> (first_seen, key, text, url) as ingest would store them (NOT deduplicated yet)."""
    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text, _cut = clean_text(row["TITLE"])
            when = datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            out[row["ID"]] = (when, headline_key(text), text, row["URL"])
    return out


class _Logged(StoryGrouper):
    """A grouper that notes, per headline key, the keys it was compared with and how many stories it
    matched (bench diagnostics: why a pair the rule joins ends in two stories)."""

    def __init__(self, keys: list[str], log: dict[str, tuple[frozenset[str], int]]) -> None:
        super().__init__(WINDOW_SECONDS)
        self._keys, self._log = keys, log

    def _join(self, member, matched, pool):   # type: ignore[no-untyped-def]
        stories = len({other.cluster.find() for other in matched})
        self._log[self._keys[member.hid]] = (frozenset(self._keys[other.hid] for other in pool), stories)
        return super()._join(member, matched, pool)


def group(rows: dict[str, tuple[str, str, str, str]],
          log: dict[str, tuple[frozenset[str], int]] | None = None) -> dict[str, str]:
    """ID -> story label (the root headline's key): one headline per key, first seen earliest.
    `log` (when given) gets, per key, the keys it was compared with and the number of stories it matched."""
    by_key: dict[str, tuple[str, str, str]] = {}
    for when, key, text, url in rows.values():
        if key not in by_key or when < by_key[key][0]:
            by_key[key] = (when, text, url)
    order = sorted(by_key, key=lambda k: (by_key[k][0], k))
    grouper = StoryGrouper(WINDOW_SECONDS) if log is None else _Logged(order, log)
    hid_of = {key: n for n, key in enumerate(order)}
    story: dict[int, int] = {}
    for key in order:
        when, text, url = by_key[key]
        grouper.add(hid_of[key], when, key, url, text)
        story[hid_of[key]] = hid_of[key]
    roots = _resolve(story, grouper)
    return {i: order[roots[hid_of[r[1]]]] for i, r in rows.items()}


CONSISTENCY_JACCARD = 0.5


@dataclass
class Consistency:
    """What the grouping adds to or takes from the pairwise rule on similar pairs (no labels read)."""

    same: int = 0     # rule-SAME pairs
    split: int = 0    # ... of them in two stories
    joined: int = 0   # rule-DIFF pairs in one story
    joined_why: Counter = field(default_factory=Counter)   # veto kind (veto_kind) or "wording" -> joined pairs
    joined_in: Counter = field(default_factory=Counter)    # story label -> joined pairs
    split_why: Counter = field(default_factory=Counter)    # mechanism (split_mechanism) -> split pairs


def split_mechanism(first: tuple[str, str], later: tuple[str, str], log: dict[str, tuple[frozenset[str], int]],
                    conflict: bool) -> str:
    """Why the grouping split a pair the rule joins, from the later headline's side ((first_seen, key)
    of each): it was never compared with the earlier one ("search": the candidate search missed it),
    it matched two stories or more and joined another ("refused": no merge; "conflict" when the
    centres make conflicting claims), or it matched one story and did not join it ("coherence": a
    yes/no question through one neighbour)."""
    compared, stories = log.get(later[1], (frozenset(), 0))
    if first[1] not in compared:
        return "search"
    if stories > 1:
        return "conflict" if conflict else "refused"
    return "coherence"


def consistency(rows: dict[str, tuple[str, str, str, str]], stories: dict[str, str],
                splits: list[str] | None = None, joins: list[str] | None = None,
                log: dict[str, tuple[frozenset[str], int]] | None = None) -> Consistency:
    """Rule-SAME pairs, of them split by the grouping, rule-DIFF pairs joined by it (sorted by why the
    rule keeps them apart and by story) over the distinct headlines' pairs at word Jaccard >=
    CONSISTENCY_JACCARD first seen within WINDOW_SECONDS. Pairs are found by prefix filtering (a
    pair that similar shares a word among each side's rarest few), so every such pair is counted
    without comparing all pairs. Split pairs are described in `splits` (when given): the two
    headlines and their stories' centres; joined rule-DIFF pairs in `joins`."""
    first: dict[str, tuple[str, str, str]] = {}
    for i, (when, key, text, _url) in rows.items():
        if key not in first or when < first[key][0]:
            first[key] = (when, text, i)
    keys = sorted(first)
    words = [frozenset(_WORD.findall(first[k][1].lower())) for k in keys]
    df: dict[str, int] = {}
    for ws in words:
        for w in ws:
            df[w] = df.get(w, 0) + 1
    index: dict[str, list[int]] = {}
    out = Consistency()
    for n, ws in enumerate(words):
        rarest = sorted(ws, key=lambda w: (df[w], w))
        prefix = rarest[:len(rarest) - math.ceil(CONSISTENCY_JACCARD * len(rarest)) + 1]
        seen: set[int] = set()
        for w in prefix:
            for m in index.get(w, ()):
                if m in seen:
                    continue
                seen.add(m)
                other = words[m]
                if len(ws & other) < CONSISTENCY_JACCARD * len(ws | other):
                    continue
                (t1, a, ia), (t2, b, ib) = first[keys[n]], first[keys[m]]
                if abs((parse_iso(t1) - parse_iso(t2)).total_seconds()) > WINDOW_SECONDS:
                    continue
                together = stories[ia] == stories[ib]
                p, q = prepare(a), prepare(b)
                if same_prepared(p, q):
                    out.same += 1
                    out.split += not together
                    if not together:
                        centre_a, centre_b = first[stories[ia]][1], first[stories[ib]][1]
                        conflict = claims_conflict(prepare(centre_a), prepare(centre_b))
                        why = "conflict" if conflict else "search"
                        if log is not None:
                            early, late = sorted(((t1, keys[n]), (t2, keys[m])))
                            why = split_mechanism(early, late, log, conflict)
                        out.split_why[why] += 1
                        if splits is not None:
                            splits.append(_split_line(why, a, b, centre_a, centre_b))
                elif together:
                    out.joined += 1
                    out.joined_why[veto_kind(p, q) or "wording"] += 1
                    out.joined_in[stories[ia]] += 1
                    if joins is not None:
                        joins.append(f"joined\t{a}\t{b}")
            index.setdefault(w, []).append(n)
    return out


def _joined_report(found: Consistency, rows: dict[str, tuple[str, str, str, str]], stories: dict[str, str],
                   top: int = 5) -> list[str]:
    """Lines sorting the joined rule-DIFF pairs by why the rule keeps them apart ("wording": no veto,
    too few words shared) and naming the stories holding most of them, with their sizes."""
    sizes = Counter(stories[i] for i in {key: i for i, (_w, key, _t, _u) in rows.items()}.values())
    why = " ".join(f"{kind}={n}" for kind, n in found.joined_why.most_common())
    lines = [f"  joined rule-DIFF pairs by the rule's reason: {why or 'none'}"]
    centre = {key: text for _when, key, text, _url in rows.values()}
    for label, n in found.joined_in.most_common(top):
        lines.append(f"  {n:>5} in a story of {sizes[label]:>4} headlines: {centre.get(label, label)}")
    return lines


def _split_line(why: str, a: str, b: str, centre_a: str, centre_b: str) -> str:
    """A split rule-SAME pair and its stories' centres, marked by why no merge joined them (split_mechanism)."""
    return f"{why}\t{a}\t{b}\n\t  centres: {centre_a}\t{centre_b}"


def _resolve(story: dict[int, int], grouper: StoryGrouper) -> dict[int, int]:
    """Final root of every headline: the grouper's merges applied to the roots they had."""
    alias: dict[int, int] = {}
    for old, new in grouper.merges:
        alias[old] = new
    out = {}
    for hid in story:
        root = grouper.story_of(hid)
        while root in alias:
            root = alias[root]
        out[hid] = root
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0].startswith("-"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    folder = args[0].rstrip("/")
    show = int(option(args, "--errors", "0") or 0)
    min_jaccard = float(option(args, "--min-jaccard", "0") or 0)
    half = option(args, "--half")
    if half is not None and half not in ("tune", "check"):
        raise SystemExit(f"--half: expected tune or check, got {half!r}")
    t0 = time.perf_counter()
    rows = load_headlines(f"{folder}/headlines.csv")
    log: dict[str, tuple[frozenset[str], int]] | None = {} if "--consistency" in args else None
    stories = None if "--rule" in args else group(rows, log)
    if "--shuffle" in args and stories is not None:
        items = list(rows.items())
        random.Random(int(option(args, "--shuffle") or 0)).shuffle(items)
        print("same stories after shuffling:", group(dict(items)) == stories)
    tally = Tally()
    with open(f"{folder}/pairs.tsv", encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh, delimiter="\t")):
            if half and n % 2 != (0 if half == "tune" else 1):
                continue
            if stories is None:
                pred = same_story(rows[row["id_a"]][2], rows[row["id_b"]][2])
            else:
                pred = stories[row["id_a"]] == stories[row["id_b"]]
            a, b = row["title_a"], row["title_b"]
            tally.add(row["label"] == "SAME", pred, word_jaccard(a, b), f"{n}\t{a}\t{b}")
    tally.report("--bands" in args, show, min_jaccard)
    if "--consistency" in args and stories is not None:
        splits: list[str] = []
        joins: list[str] = []
        found = consistency(rows, stories, splits, joins, log)
        for line in splits[:int(option(args, "--splits", "0") or 0)] + joins[:int(option(args, "--joins", "0") or 0)]:
            print(line)
        print(f"J >= {CONSISTENCY_JACCARD}: rule-SAME pairs={found.same} split by grouping={found.split}; "
              f"rule-DIFF pairs joined by grouping={found.joined}")
        why = " ".join(f"{kind}={n}" for kind, n in found.split_why.most_common())
        print(f"  split rule-SAME pairs by mechanism: {why or 'none'}")
        for line in _joined_report(found, rows, stories):
            print(line)
    print(f"({time.perf_counter() - t0:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

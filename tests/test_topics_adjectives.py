"""A name's adjective in "-ic" (issue 11, round 11): "Democratic" standing alone is the
Democrats where the corpus names them alone more often; an adjective whose noun the corpus does
not name alone stays as it is."""
from __future__ import annotations

from tests.topic_helpers import fit, names


def test_an_adjective_in_ic_is_the_name_it_is_made_from() -> None:
    model = fit(["Democrats win the House", "Voters back Democrats in poll", "Governor attacks Democrats over budget",
                 "Top Democrat resigns", "Issues of the fifth Democratic debate", "Why the Democratic pivot failed",
                 "Titanic exhibit opens in Belfast", "Titanic wreck mapped"])
    assert names(model, "Issues of the fifth Democratic debate") == ["Democrats"]
    assert names(model, "Titanic exhibit opens in Belfast") == ["Titanic", "Belfast"]

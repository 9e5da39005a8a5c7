"""Helpers the topic tests share: fit a model on written headlines and read its names."""
from __future__ import annotations

from aggregator.topics import TopicModel


def fit(lines: list[str]) -> TopicModel:
    """A model fitted on `lines`, none of them cut."""
    return TopicModel.fit([(line, False) for line in lines])


def names(model: TopicModel, text: str, truncated: bool = False) -> list[str]:
    return [t.name for t in model.topics(text, truncated)]


def kinds(model: TopicModel, text: str) -> dict[str, str]:
    return {t.name: t.kind for t in model.topics(text, False)}

"""Whether a counted item of a channel list names the firm's own outlets, a place customers come to
("8 składów", "64 punkty pobrań", "12 depots"), or something else a firm counts (warehouses, vans,
orders): by meaning, against the examples in places.yaml. Without the embedding model nothing is a
place: the rules then keep to the channel words they know."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..resources import read_yaml
from . import meaning

MARGIN = 0.0  # how much nearer the places a phrase must be than the other things


class _Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    places: tuple[str, ...]
    others: tuple[str, ...]


@lru_cache(maxsize=1)
def _index() -> meaning.Index:
    examples = _Examples.model_validate(read_yaml(Path(__file__).with_name("places.yaml")))
    return meaning.Index.build([("place", t) for t in examples.places] + [("other", t) for t in examples.others])


def is_place(phrase: str) -> bool:
    """Whether the phrase reads as a place customers come to (see the module)."""
    if not meaning.available():
        return False
    score = _index().scores(meaning.embed([phrase]))[0]
    return score["place"] - score["other"] > MARGIN

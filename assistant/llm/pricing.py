"""Cost estimates from an editable price table (USD per million tokens, `prices.toml`)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError

SHIPPED = Path(__file__).with_name("prices.toml")


def load_prices(path: Path = SHIPPED) -> dict[str, dict[str, float]]:
    """The price table: model-name prefix -> {"input": usd, "output": usd} per million tokens.

    Read again whenever the file changes (a stat per call, not a parse), so edits apply without a restart.
    """
    try:
        stamp = path.stat()
        return _read_prices(path, stamp.st_mtime_ns, stamp.st_size)
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise ConfigError(
            f"cannot read the price table {path}: {error}; fix OMNITEAM_PRICE_FILE", setting="OMNITEAM_PRICE_FILE"
        ) from None


@lru_cache(maxsize=16)
def _read_prices(path: Path, modified: int, size: int) -> dict[str, dict[str, float]]:
    table = tomllib.loads(path.read_text(encoding="utf-8"))["models"]
    return {name: {"input": float(p["input"]), "output": float(p["output"])} for name, p in table.items()}


def _price(model: str, price_file: Path | None) -> dict[str, float] | None:
    """The table's price of a model (its longest matching name prefix), or None when unlisted."""
    prices = load_prices(price_file or SHIPPED)
    matches = [name for name in prices if model.startswith(name)]
    return prices[max(matches, key=len)] if matches else None


def is_priced(model: str, price_file: Path | None = None) -> bool:
    """True when the price table lists the model; a local model's cost is unknown, not zero."""
    return _price(model, price_file) is not None


def cost_usd(model: str, prompt_tokens: int, completion_tokens: int, price_file: Path | None = None) -> float:
    """Estimated cost of one call; 0 for a model the table does not list (see `is_priced`)."""
    price = _price(model, price_file)
    if price is None:
        return 0.0
    return round((prompt_tokens * price["input"] + completion_tokens * price["output"]) / 1_000_000, 6)

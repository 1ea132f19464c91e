"""Small helpers shared by the state and browser tests of the GUI."""

import json
from pathlib import Path

from tradepulse.sample_data import synthetic_bars


def market_csv(tickers=("A", "B"), bars: int = 120, seed: int = 7) -> bytes:
    """A small synthetic market file, as a trader would upload it."""
    return synthetic_bars(tickers=tickers, bars=bars, seed=seed).to_csv(index=False).encode()


def records_on_disk(folder: Path) -> dict[str, dict]:
    """Every record file in the data folder, read directly (not through the store), by run id."""
    return {path.stem: json.loads(path.read_text()) for path in sorted(Path(folder).glob("*.json"))}

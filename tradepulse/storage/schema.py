"""The record format: schema_version, record <-> dict, reading older versions, sort time."""

from collections.abc import Mapping
from datetime import datetime

import orjson

from tradepulse.errors import StorageError

SCHEMA_VERSION = 2
REQUIRED_FIELDS = ("model_name", "timestamp", "training_status")
_TEXT_FIELDS = ("model_name", "training_status")  # listing filters and groups on these
NEWER_VERSION_REASON = "written by a newer TradePulse"


def to_dict(record: Mapping) -> dict:
    """The dict written to disk: a copy of `record` stamped with the current schema_version.

    Raises StorageError if the record lacks what listing needs, so that a save never writes a file
    that would only show up as skipped.
    """
    data = dict(record)
    data["schema_version"] = SCHEMA_VERSION
    _check_fields(data)
    return data


def from_dict(data) -> dict:
    """A current-version record from a dict read from disk, upgrading older versions.

    Version 0 (no schema_version: the seed app's files) gets the newer fields filled in; version 1's flat
    trading fields move into version 2's strategy / buy-and-hold shape. The file itself is never rewritten.
    Raises StorageError, whose message is the reason the file is skipped.
    """
    if not isinstance(data, dict):
        raise StorageError("not a JSON object")
    version = data.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StorageError(f"invalid schema_version: {version!r}")
    if version > SCHEMA_VERSION:
        raise StorageError(NEWER_VERSION_REASON)
    _check_fields(data)
    record = dict(data)
    if version == 0:
        record = _upgrade_0_to_1(record)
    if record["schema_version"] == 1:
        record = _upgrade_1_to_2(record)
    return record


def parse_record(raw: bytes) -> dict:
    """Parse the bytes of a record file; StorageError with a short reason if they are no record."""
    if not raw.strip():
        raise StorageError("empty file")
    try:
        # orjson parses about 2-3x faster than the standard library: the cold listing of 10,000 records
        # (View Saved Data after a restart) is mostly parsing.
        data = orjson.loads(raw)
    except (ValueError, RecursionError):  # orjson.JSONDecodeError is a ValueError, as are non-UTF-8 bytes
        raise StorageError("not valid JSON") from None
    return from_dict(data)


def record_time(record: Mapping) -> datetime:
    """The record's timestamp for sorting; an unreadable one sorts as oldest, not hidden."""
    try:
        moment = datetime.fromisoformat(record["timestamp"])
    except (TypeError, ValueError):
        return datetime.min
    # Compare aware and naive times on one scale: the local wall clock, as save_new writes it.
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _check_fields(data: Mapping) -> None:
    missing = [field for field in REQUIRED_FIELDS if field not in data]
    if missing:
        raise StorageError(f"missing fields: {', '.join(missing)}")
    for field in _TEXT_FIELDS:
        if not isinstance(data[field], str):
            raise StorageError(f"field {field!r} is not text")


def _upgrade_0_to_1(record: dict) -> dict:
    record.setdefault("hyperparameters", {})
    record.setdefault("performance_metrics", {})
    record.setdefault("dataset_info", {})
    record.setdefault("run_id", None)  # the store sets it from the file name
    record["schema_version"] = 1
    return record


# Version 1's flat trading fields and where version 2 keeps them. Its Sharpe was per bar, not annualised,
# and its max drawdown left out the starting capital: they keep their own names, not version 2's.
_V1_TRADING = {
    "strategy_return_pct": ("strategy", "total_return_pct"),
    "buy_hold_return_pct": ("buy_and_hold", "total_return_pct"),
    "exposure_pct": ("strategy", "exposure_pct"),
    "max_drawdown_pct": ("strategy", "max_drawdown_pct_v1"),
    "sharpe_per_bar": ("strategy", "sharpe_per_bar"),
}


def _upgrade_1_to_2(record: dict) -> dict:
    old = record.get("trading_metrics")
    if isinstance(old, Mapping) and "strategy" not in old:
        trading = {"strategy": {}, "buy_and_hold": {},
                   "settings": {"cost_bps": 0.0, "periods_per_year": None, "threshold": 0.5,
                                "bars": old.get("bars"), "definitions": 1}}
        for name, (side, key) in _V1_TRADING.items():
            if name in old:
                trading[side][key] = old[name]
        record["trading_metrics"] = trading
    record.setdefault("evaluation", {"method": "holdout", "folds": [], "summary": {}})
    record["schema_version"] = 2
    return record

"""Turn a plain feature table (one row per example, a target column) into frame parts."""

import numpy as np
import pandas as pd
from pandas.api import types

from tradepulse.data.kinds import (
    DEFAULT_TARGET, TICKER_NAMES, TIME_NAMES, column_key, find_column, parse_time, ticker_codes,
)
from tradepulse.errors import DataError

MAX_CATEGORIES = 50  # text columns with this many distinct values or more are IDs, not categories


class TargetMissing(DataError):
    """No target column was chosen and none is named `target`. The message names no flag or widget: the
    command line and the page each say how to choose one."""


def target_column(df: pd.DataFrame, target: str | None, require_target: bool = True):
    """The chosen column (its exact name, else ignoring case and spaces) or, when none is chosen, the one
    named "target"; TargetMissing when there is none and the target is required."""
    if target is not None:
        found = target if target in df.columns else find_column(df, (column_key(target),))
        if found is None and not require_target:
            return None  # new data to predict on: its target is what nobody knows yet
        if found is None:
            shown = ", ".join(df.columns[:12]) + (", …" if df.shape[1] > 12 else "")
            raise DataError(f"target column '{target}' not found (columns: {shown})")
        return found
    found = find_column(df, (DEFAULT_TARGET,))
    if found is None and require_target:
        raise TargetMissing(f"no target column: none is named '{DEFAULT_TARGET}'; choose the column to predict")
    return found


def _time_column(df: pd.DataFrame, taken: list):
    rest = df.drop(columns=taken)
    named = find_column(rest, TIME_NAMES)
    if named is not None:
        return named
    return next((c for c in rest.columns if types.is_datetime64_any_dtype(rest[c])), None)


def _check_finite(values: pd.Series, column) -> None:
    infinite = int(np.isinf(values).sum())
    if infinite:
        raise DataError(f"column '{column}' has infinite values in {infinite} rows")


def _labels(values: pd.Series) -> pd.Series:
    """Targets as plain numbers (whole numbers as int when none is missing), booleans or text."""
    if types.is_bool_dtype(values):
        return values
    if types.is_numeric_dtype(values):
        numbers = values.astype("float64")
        _check_finite(numbers, values.name)
        whole = numbers.notna().all() and bool((numbers == np.round(numbers)).all())
        return numbers.astype("int64") if whole else numbers
    return values.astype(str)


def _is_text_like(values: pd.Series) -> bool:
    dtype = values.dtype
    return (
        types.is_bool_dtype(dtype)
        or types.is_object_dtype(dtype)
        or types.is_string_dtype(dtype)
        or isinstance(dtype, pd.CategoricalDtype)
    )


def _features(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Numeric columns as float64, few-valued text as str categories; also the empty and unusable names."""
    kept, empty, unusable = {}, [], []
    for column in df.columns:
        values = df[column]
        if values.isna().all():
            empty.append(column)
        elif types.is_numeric_dtype(values) and not types.is_bool_dtype(values):
            numbers = values.astype("float64")
            _check_finite(numbers, column)
            kept[column] = numbers
        elif _is_text_like(values) and values.astype(str).nunique() < MAX_CATEGORIES:
            kept[column] = values.astype(str)
        else:
            unusable.append(column)
    return pd.DataFrame(kept, index=df.index), empty, unusable


def table_parts(df: pd.DataFrame, target: str | None, require_target: bool) -> dict:
    """Frame fields for a table: rows ordered by its date column, features, labels, meta and notes."""
    df = df.set_axis([str(c).strip() for c in df.columns], axis=1).reset_index(drop=True)
    repeated = sorted(set(df.columns[df.columns.duplicated()]))
    if repeated:
        raise DataError(f"columns appear twice: {', '.join(repeated)}")
    label_column = target_column(df, target, require_target)
    taken = [] if label_column is None else [label_column]
    ticker_column = find_column(df.drop(columns=taken), TICKER_NAMES)
    taken += [] if ticker_column is None else [ticker_column]
    time_column = _time_column(df, taken)
    notes = []
    meta = pd.DataFrame(index=df.index)
    if time_column is not None:
        taken.append(time_column)
        meta["time"] = parse_time(df[time_column], time_column)
        order = meta["time"].sort_values(kind="stable").index
        df, meta = df.loc[order].reset_index(drop=True), meta.loc[order].reset_index(drop=True)
    if label_column is not None and require_target:
        missing = df[label_column].isna().to_numpy()
        if missing.all():
            raise DataError(f"target '{label_column}' is empty in every row")
        if missing.any():
            df, meta = df[~missing].reset_index(drop=True), meta[~missing].reset_index(drop=True)
            notes.append(f"dropped {int(missing.sum())} rows without a '{label_column}' value")
    if ticker_column is not None:
        meta["ticker"] = df[ticker_column].astype(str)
    features, empty, unusable = _features(df.drop(columns=taken))
    if empty:
        notes.append(f"ignored empty column(s): {', '.join(empty)}")
    if unusable:
        reason = f"not numbers, nor text with under {MAX_CATEGORIES} values"
        notes.append(f"ignored column(s) {', '.join(unusable)}: {reason}")
    return {
        "target_name": label_column,
        "features": features,
        "labels": None if label_column is None else _labels(df[label_column]),
        "meta": meta,
        "groups": ticker_codes(meta.get("ticker"), len(df)),
        "usable": np.ones(len(df), dtype=bool),
        "notes": tuple(notes),
    }

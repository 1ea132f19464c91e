"""Hypothesis strategies for the data manager fuzz tests: file bytes and messy DataFrames."""

import io
import math

import numpy as np
import pandas as pd
from hypothesis import currently_in_test_context, event
from hypothesis import strategies as st

from tradepulse.data import SUPPORTED_SUFFIXES
from tradepulse.errors import TradePulseError

WRONG_SUFFIXES = (".txt", "", ".CSV", ".Json", ".xls", ".tsv", ".csv.gz", ".parquet.bak", ".", ".xlsx ")
SUFFIXES = SUPPORTED_SUFFIXES + WRONG_SUFFIXES

COLUMN_NAMES = ("date", "Date", " time ", "timestamp", "target", "Target", "open", "high", "low", "close",
                "Close", "volume", "ticker", "symbol", "a", "b", "sector", "", "0", "close ", "x y")
AWKWARD_FLOATS = (0.0, -0.0, 1.0, -1.0, 1e308, -1e308, 1e-308, 5e-324, math.inf, -math.inf, math.nan, 2.0**53 + 1)
TEXT_CELLS = ("1", "2.5", "-3", "1e5", "nan", "NaN", "inf", "", " ", "abc", "2024-01-02", "2024-13-45", "Buy",
              "Sell", "Hold", "é", "0x1F", "1,5", "True", "None", "\x00", "2024-01-02 10:00")


def _tally(what: str) -> None:
    if currently_in_test_context():
        event(what)


def check_outcome(call):
    """Run call(); it may return anything or raise a TradePulseError with a message, nothing else."""
    try:
        result = call()
    except TradePulseError as exc:
        message = str(exc)
        assert message.strip(), f"{type(exc).__name__} without a message"
        # The message's start, digits dropped: a readable tally of where cases ended (--hypothesis-show-statistics).
        _tally("refused: " + "".join(c for c in message.split(":")[0][:40] if not c.isdigit()))
        return exc
    _tally("accepted")
    return result


# --- file bytes ---------------------------------------------------------------------------------

def _writers(df: pd.DataFrame) -> dict[str, bytes]:
    out = {}
    for suffix, write in {
        ".csv": lambda buf: df.to_csv(buf, index=False),
        ".parquet": lambda buf: df.to_parquet(buf, index=False),
        ".feather": lambda buf: df.reset_index(drop=True).to_feather(buf),
        ".xlsx": lambda buf: df.to_excel(buf, index=False, engine="openpyxl"),
        ".json": lambda buf: df.to_json(buf, orient="records", date_format="iso"),
    }.items():
        buf = io.BytesIO()
        write(buf)
        out[suffix] = buf.getvalue()
    out[".jsonl"] = df.to_json(orient="records", lines=True, date_format="iso").encode()
    return out


def valid_files() -> list[bytes]:
    """A few genuine files of every supported format, to mutate (built once: Excel writing is slow)."""
    frames = [
        pd.DataFrame({"Date": pd.date_range("2024-01-01", periods=5), "Close": [1.0, 2, 3, 4, 5],
                      "target": ["a", "b", "a", "b", "a"]}),
        pd.DataFrame({"x": [1], "y": ["é"]}),
        pd.DataFrame({"n": [np.nan, 1e308, -1.5]}),
    ]
    return [content for df in frames for content in _writers(df).values()]


@st.composite
def file_bytes(draw, pool: list[bytes]):
    """Random bytes, text in odd encodings, or a real file cut, corrupted or given any suffix."""
    kind = draw(st.sampled_from(["random", "text", "real", "cut", "flipped"]))
    if kind == "random":
        return draw(st.binary(max_size=600))
    if kind == "text":
        rows = draw(st.lists(st.lists(st.sampled_from(TEXT_CELLS) | st.text(max_size=6), min_size=1, max_size=4),
                             max_size=6))
        sep = draw(st.sampled_from([",", ";", "\t", ",,"]))
        text = "\n".join(sep.join(row) for row in rows)
        encoding = draw(st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252", "utf-8-sig"]))
        return text.encode(encoding, errors="replace")
    content = draw(st.sampled_from(pool))
    if kind == "cut":
        return content[: draw(st.integers(0, len(content)))]
    if kind == "flipped":
        data = bytearray(content)
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        return bytes(data)
    return content


# --- DataFrames ---------------------------------------------------------------------------------

def _column(draw, n: int):
    kind = draw(st.sampled_from(["float", "int", "bool", "text", "numeric_text", "mixed", "datetime",
                                 "date_text", "category", "empty", "constant", "huge_int"]))
    if kind == "float":
        return pd.Series(draw(st.lists(st.sampled_from(AWKWARD_FLOATS) | st.floats(allow_nan=True,
                                                                                 allow_infinity=True),
                                       min_size=n, max_size=n)), dtype="float64")
    if kind == "int":
        return pd.Series(draw(st.lists(st.integers(-(2**63), 2**63 - 1), min_size=n, max_size=n)), dtype="int64")
    if kind == "huge_int":
        return pd.Series(draw(st.lists(st.integers(-(2**70), 2**70), min_size=n, max_size=n)), dtype="object")
    if kind == "bool":
        return pd.Series(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype="bool")
    if kind == "text":
        return pd.Series(draw(st.lists(st.sampled_from(TEXT_CELLS) | st.text(max_size=5), min_size=n, max_size=n)),
                         dtype="object")
    if kind == "numeric_text":
        return pd.Series([str(v) for v in draw(st.lists(st.floats(-1e6, 1e6) | st.sampled_from(["x", ""]),
                                                        min_size=n, max_size=n))], dtype="object")
    if kind == "mixed":
        cell = st.one_of(st.none(), st.integers(-5, 5), st.floats(), st.sampled_from(TEXT_CELLS), st.booleans())
        return pd.Series(draw(st.lists(cell, min_size=n, max_size=n)), dtype="object")
    if kind == "datetime":
        days = draw(st.lists(st.integers(0, 60) | st.none(), min_size=n, max_size=n))
        return pd.Series([pd.NaT if d is None else pd.Timestamp("2024-01-01") + pd.Timedelta(days=d) for d in days],
                         dtype="datetime64[ns]")
    if kind == "date_text":
        cell = st.sampled_from(["2024-01-02", "2024/01/03", "03.01.2024", "Jan 4 2024", "2024-02-30", "", "x",
                                "2024-01-05 09:30", "1700000000"])
        return pd.Series(draw(st.lists(cell, min_size=n, max_size=n)), dtype="object")
    if kind == "category":
        return pd.Series(draw(st.lists(st.sampled_from(["Buy", "Sell", "Hold"]), min_size=n, max_size=n)),
                         dtype="category")
    if kind == "empty":
        return pd.Series([np.nan] * n, dtype="float64")
    value = draw(st.sampled_from([0, 1.5, "Buy", True]))
    return pd.Series([value] * n)


@st.composite
def messy_frames(draw, max_rows: int = 40):
    """Tables with any column names (repeats included), dtypes and sizes, down to empty."""
    n = draw(st.integers(0, max_rows))
    names = draw(st.lists(st.sampled_from(COLUMN_NAMES), min_size=0, max_size=7))
    columns = {f"{i}": _column(draw, n) for i in range(len(names))}
    df = pd.DataFrame(columns, index=range(n)) if columns else pd.DataFrame(index=range(n))
    df.columns = names  # set afterwards: repeated names are allowed here
    if n and draw(st.booleans()):  # often a usable target, so that cases get past the first checks
        classes = draw(st.sampled_from([["Buy", "Sell"], [0, 1], [True, False], ["Buy", "Hold", "Sell"], [1.5, 2.5]]))
        df["target"] = [classes[i % len(classes)] for i in draw(st.permutations(range(n)))]
    return df


@st.composite
def plausible_tables(draw, max_rows: int = 60):
    """Feature tables that usually get through the checks: unique names, a two- or three-class target,
    then awkward feature columns (huge, infinite, constant, empty, text, dates) for the preprocessing."""
    n = draw(st.integers(10, max_rows))
    features = draw(st.lists(st.sampled_from(["a", "b", "c", "sector", "date", "x y", "0", "ticker"]),
                             min_size=1, max_size=5, unique=True))
    df = pd.DataFrame({name: _column(draw, n).to_numpy() for name in features})
    if "date" in features and draw(st.booleans()):  # real dates, unsorted and repeated
        df["date"] = pd.Timestamp("2024-01-01") + pd.to_timedelta(draw(
            st.lists(st.integers(0, n // 2), min_size=n, max_size=n)), unit="D")
    classes = draw(st.sampled_from([["Buy", "Sell"], [0, 1], [True, False], ["Buy", "Hold", "Sell"], [1.5, 2.5]]))
    df["target"] = [classes[i % len(classes)] for i in draw(st.permutations(range(n)))]
    if draw(st.booleans()):
        df["target"] = df["target"].astype(object)
        df.loc[draw(st.integers(0, n - 1)), "target"] = None  # a row without a label
    return df


@st.composite
def ohlcv_frames(draw, max_bars: int = 120):
    """Market bars: plausible most of the time, with duplicate or unsorted dates, gaps and bad prices."""
    tickers = draw(st.sampled_from([None, ["AAA"], ["AAA", "BBB"], ["A", "B", "C"]]))
    n = draw(st.integers(0, max_bars))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, n)))
    df = pd.DataFrame({
        "Date": pd.date_range("2024-01-01", periods=n, freq=draw(st.sampled_from(["D", "h", "min"]))),
        "Open": close * (1 + rng.normal(0, 0.01, n)),
        "High": close * 1.02,
        "Low": close * 0.98,
        "Close": close,
        "Volume": rng.integers(0, 10_000, n).astype(draw(st.sampled_from(["int64", "float64"]))),
    })
    if tickers:
        df.insert(1, "Ticker", [tickers[i % len(tickers)] for i in range(n)])
    if n and draw(st.integers(0, 2)) == 0:  # damage some cells
        for _ in range(draw(st.integers(1, 5))):
            row, col = draw(st.integers(0, n - 1)), draw(st.sampled_from(list(df.columns)))
            value = draw(st.sampled_from(AWKWARD_FLOATS + ("x", None, "", "1e3", -5.0, 0)))
            if col in ("Date", "Ticker") or isinstance(value, str) or value is None:
                df[col] = df[col].astype(object)
            elif df[col].dtype != object:
                df[col] = df[col].astype("float64")
            df.loc[row, col] = value
    if draw(st.booleans()):  # shuffle or duplicate rows
        order = draw(st.permutations(range(n))) if n else []
        df = df.iloc[list(order)]
        if n and draw(st.booleans()):
            df = pd.concat([df, df.iloc[: draw(st.integers(1, n))]])
    if draw(st.booleans()):
        df["Date"] = df["Date"].astype(str)
    if draw(st.integers(0, 3)) == 0:  # extra or missing columns
        drop = draw(st.sampled_from(["Open", "Volume", "Date", None]))
        df = df.drop(columns=[drop]) if drop else df.assign(extra=1.0)
    return df.reset_index(drop=True)

"""Predict with a saved model: per-row probabilities, class, trading signal and (BICIPO) uncertainty."""

import json
import logging
import zipfile
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tradepulse.config import MODEL_FILE, PREPROCESS_FILE
from tradepulse.data import ADJUSTED, Preprocessor, build_frame
from tradepulse.data.kinds import MARKET
from tradepulse.errors import DataError, StorageError, TradePulseError
from tradepulse.models.base import model_class
from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.storage import RecordStore

DEFAULT_THRESHOLD, DEFAULT_HOLD_BAND = 0.5, 0.05  # Hold while P(up) is within threshold ± band
# The rule's cut-offs as columns, so that a table saved from the page (CSV) says how its signals were made.
BUY_FROM, SELL_UP_TO = "buy_if_p_up_at_least", "sell_if_p_up_at_most"
NO_HISTORY = "insufficient history"
IN_SAMPLE, OUT_OF_SAMPLE = "in-sample", "out-of-sample"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prediction:
    run_id: str
    model_name: str
    kind: str
    table: pd.DataFrame  # one row per input row, in chronological order
    notes: tuple[str, ...]


def _usable(store: RecordStore, run_id: str) -> dict:
    record = store.load(run_id)
    if record.get("training_status") != "completed" or not store.model_dir(run_id).is_dir():
        raise TradePulseError(f"run {run_id} has no saved model (status {record.get('training_status')})")
    return record


def find_run(store: RecordStore, model_name: str | None = None, run_id: str | None = None) -> dict:
    """The record of run_id, else model_name's pinned run (records pin), else its latest completed run that
    has a saved model."""
    if run_id:
        return _usable(store, run_id)
    if not model_name:
        raise TradePulseError("name a model type or a run id to predict with")
    model_class(model_name)  # refuses unknown names with the list of valid ones
    pinned = store.pinned().get(model_name)
    if pinned:
        try:
            return _usable(store, pinned)
        except TradePulseError as exc:  # removed or damaged behind the store's back: the newest run serves
            logger.warning("pinned run %s of %s not usable (%s): using the latest run", pinned, model_name, exc)
    record = store.latest(model_name)
    if record is None:
        raise TradePulseError(f"no trained {model_name} model yet: train one first")
    return store.load(record["run_id"])  # whole: the listing leaves out the per-fold windows


def load_model(store: RecordStore, run_id: str):
    """The saved model and its preprocessing; files come only from the store's own folder."""
    folder = store.model_dir(run_id)
    try:
        saved = json.loads((folder / MODEL_FILE).read_text())
        preprocessor = Preprocessor.from_dict(json.loads((folder / PREPROCESS_FILE).read_text()))
        hyperparameters = Hyperparameters.from_dict(saved["hyperparameters"])
        model = model_class(saved["model_name"]).load(folder, hyperparameters, saved["settings"])
    # Keras refuses unsafe or damaged files with ValueError (safe mode) or OSError; our JSON may be
    # incomplete: every way a saved model can be bad ends in one message.
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StorageError(f"saved model of run {run_id} cannot be loaded: {first_line}") from exc
    return model, preprocessor


def trained_until(record: dict) -> pd.Timestamp | None:
    """The last time the run's saved model trained on (its refit, or its holdout training window)."""
    evaluation = record.get("evaluation") or {}
    window = (evaluation.get("refit") or {}).get("train")
    if window is None and evaluation.get("method") == "holdout" and evaluation.get("folds"):
        window = evaluation["folds"][0].get("train")
    end = (window or {}).get("end")
    return None if end is None else pd.Timestamp(end)


def _naive(times: pd.Series) -> pd.Series:
    return times.dt.tz_convert("UTC").dt.tz_localize(None) if times.dt.tz is not None else times


def check_rule(threshold: float, band: float) -> None:
    if not 0 < threshold < 1:
        raise TradePulseError("the P(up) threshold must be between 0 and 1")
    if not 0 <= band < 0.5:
        raise TradePulseError("the Hold band must be between 0 and 0.5")


def _texts(choices: list[str], codes: np.ndarray) -> pd.Index:
    """choices[code] per row, as pandas text: taken from the few choices, not converted row by row (about
    ten times faster on 100,000 rows)."""
    return pd.Index(choices, dtype="str").take(np.asarray(codes, dtype=np.intp))


def signals(p_up: np.ndarray, band: float, threshold: float = DEFAULT_THRESHOLD) -> pd.Index:
    codes = np.select([p_up >= threshold + band, p_up <= threshold - band, np.isnan(p_up)], [0, 1, 2], 3)
    return _texts(["Buy", "Sell", "", "Hold"], codes)


def apply_rule(table: pd.DataFrame, threshold: float, band: float) -> pd.DataFrame:
    """A market prediction table with its signals from another rule, and the rule's cut-offs at the end."""
    check_rule(threshold, band)
    return table.assign(signal=signals(table["p_up"].to_numpy(), band, threshold),
                        **{BUY_FROM: round(threshold + band, 6), SELL_UP_TO: round(threshold - band, 6)})


def _run_words(record: dict, preprocessor: Preprocessor) -> str:
    """'run CIPO_… (CIPO, trained on bars.csv: market data)', to say which run a problem is about."""
    names = ", ".join(map(str, (record.get("dataset_info") or {}).get("dataset_names") or [])) or "unnamed data"
    target = f", target {preprocessor.target_name}" if preprocessor.kind != MARKET else ""
    return f"run {record['run_id']} ({record['model_name']}, trained on {names}: {preprocessor.kind} data{target})"


def predict(store: RecordStore, data: pd.DataFrame, model_name: str | None = None, run_id: str | None = None,
            band: float = DEFAULT_HOLD_BAND) -> Prediction:
    check_rule(DEFAULT_THRESHOLD, band)
    record = find_run(store, model_name, run_id)
    model, preprocessor = load_model(store, record["run_id"])
    prices = (record.get("dataset_info") or {}).get("prices", ADJUSTED)  # as the model was trained
    try:
        frame = build_frame(data, kind=preprocessor.kind, target=preprocessor.target_name, require_target=False,
                            prices=prices)
    except DataError as exc:
        raise DataError(f"{_run_words(record, preprocessor)} cannot use this data: {exc}") from exc
    notes = list(frame.notes)
    missing = preprocessor.missing_columns(frame)
    used = preprocessor.numeric + list(preprocessor.categories)
    if missing and len(missing) == len(used):  # nothing left to predict from: filling would fake a prediction
        raise DataError(f"{_run_words(record, preprocessor)} needs the column(s) {', '.join(used)}; "
                        "this data has none of them")
    if missing:  # what training saw when a value was missing: its median, or no category
        notes.append(f"column(s) {', '.join(missing)} are missing in every row: filled as in training "
                     f"(medians, or no category)")
    inputs = model.model_inputs(frame, preprocessor.transform(frame, fill_missing=True))
    proba, uncertainty = model.predict_distribution(inputs, frame.groups, frame.usable)
    scored = ~np.isnan(proba).any(axis=1)

    table = frame.meta.reset_index(drop=True)  # time, ticker and close where known: what a trader reads
    classes = preprocessor.classes
    if frame.kind == MARKET:
        table["p_up"] = proba[:, classes.index(1)]
        table["predicted"] = _texts(["down", "up", ""], np.where(scored, proba.argmax(axis=1) == classes.index(1), 2))
        table["signal"] = signals(table["p_up"].to_numpy(), band)
    else:
        for index, label in enumerate(classes):
            table[f"p_{label}"] = proba[:, index]
        table["predicted"] = np.where(scored, np.asarray(classes, dtype=object)[proba.argmax(axis=1)], "")
    if uncertainty is not None:
        table["uncertainty"] = uncertainty
    table["status"] = _texts([NO_HISTORY, "ok"], scored)
    seen_until = trained_until(record)
    if seen_until is not None and "time" in table:
        # The saved model learned from bars up to seen_until: its signals there are no evidence of skill.
        table["sample"] = _texts([OUT_OF_SAMPLE, IN_SAMPLE], _naive(table["time"]) <= seen_until)
    if (~scored).any():
        notes.append(f"{int((~scored).sum())} of {len(scored)} rows have too little history to score")
    return Prediction(record["run_id"], record["model_name"], frame.kind, table, tuple(notes))

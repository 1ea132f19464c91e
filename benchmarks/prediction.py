"""Predicting 100,000 rows with a trained CIPO: tradepulse.predict on a 100k-row market frame.

The model is trained once beforehand (tiny, on other bars). The breakdown times the same steps one by one:
loading the saved model, the feature engineering (build_frame), preprocessing, the network, and the
rest (the output table and the signals).
"""

import tempfile
from dataclasses import replace
from pathlib import Path

from benchmarks.common import Row, median, timer

ROUNDS = 3
GOAL_SECONDS = 0.3  # issue 11: 100,000 rows end to end


def run() -> list[Row]:
    from tradepulse.data import build_frame
    from tradepulse.models.hyperparameters import Hyperparameters
    from tradepulse.predict import load_model, predict
    from tradepulse.sample_data import synthetic_bars
    from tradepulse.storage import RecordStore
    from tradepulse.training import TrainingRequest, run_training

    store = RecordStore(Path(tempfile.mkdtemp(prefix="bench-predict-")))
    hp = replace(Hyperparameters(), epochs=2, early_stopping=False)
    outcome = run_training(TrainingRequest("CIPO", hp, (("train.csv", synthetic_bars(bars=300)),)), store)
    assert outcome.status.value == "completed", outcome.error
    bars = synthetic_bars(tickers=tuple(f"T{i:02d}" for i in range(20)), bars=5_000, seed=1)  # 100,000 rows
    predict(store, bars.head(1000), run_id=outcome.run_id)  # warm-up: first-call costs of Keras and pandas

    totals, steps = [], {"load model": [], "features (build_frame)": [], "preprocess": [], "network": []}
    for _ in range(ROUNDS):
        with timer() as took:
            result = predict(store, bars, run_id=outcome.run_id)
        totals.append(took())
        assert len(result.table) == len(bars)
        with timer() as took:
            model, preprocessor = load_model(store, outcome.run_id)
        steps["load model"].append(took())
        with timer() as took:
            frame = build_frame(bars, kind=preprocessor.kind, target=preprocessor.target_name, require_target=False)
        steps["features (build_frame)"].append(took())
        with timer() as took:
            X = preprocessor.transform(frame)
        steps["preprocess"].append(took())
        with timer() as took:
            model.predict_distribution(X, frame.groups, frame.usable)
        steps["network"].append(took())
    total = median(totals)
    parts = {name: median(times) for name, times in steps.items()}
    parts["rest (table, signals)"] = max(0.0, total - sum(parts.values()))
    without_features = total - parts["features (build_frame)"]
    return [
        Row(f"predict {len(bars):,} rows with CIPO (total)", f"{total:.2f} s", f"≤ {GOAL_SECONDS} s",
            total <= GOAL_SECONDS, f"median of {ROUNDS}; without feature engineering {without_features:.2f} s"),
        Row("  breakdown", ", ".join(f"{k} {v:.2f} s" for k, v in parts.items()), "", None),
    ]

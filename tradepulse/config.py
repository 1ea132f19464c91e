"""Folder names, environment and defaults shared by the engine, the CLI and the GUI."""

import os
from pathlib import Path

DATA_DIR_ENV = "TRADEPULSE_DATA_DIR"
DEFAULT_DATA_DIR = Path("model_training_data")
MODELS_SUBDIR = "models"  # saved models live in <data dir>/models/<run_id>/
DATASETS_SUBDIR = "datasets"  # uploads live in <data dir>/datasets/
MODEL_TYPES = ("ADM", "CIPO", "BICIPO", "ChartCNN", "LogisticRegression", "RandomForest", "GradientBoosting", "Ensemble")
ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """The records folder: an explicit override, else $TRADEPULSE_DATA_DIR, else ./model_training_data."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or DEFAULT_DATA_DIR
    return Path(chosen).expanduser()

# Files inside a saved model's folder, next to the network file(s).
PREPROCESS_FILE = "preprocess.json"
MODEL_FILE = "model.json"
PREDICTIONS_FILE = "oos_predictions.parquet"  # the run's pooled out-of-sample predictions

MAX_UPLOAD_ENV = "TRADEPULSE_MAX_UPLOAD_MB"
DEFAULT_MAX_UPLOAD_MB = 200


def max_upload_bytes() -> int:
    """The largest accepted upload: $TRADEPULSE_MAX_UPLOAD_MB megabytes, 200 by default."""
    from tradepulse.errors import TradePulseError

    raw = os.environ.get(MAX_UPLOAD_ENV, str(DEFAULT_MAX_UPLOAD_MB))
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = 0.0
    if not megabytes > 0:
        raise TradePulseError(f"{MAX_UPLOAD_ENV} must be a positive number of megabytes, got {raw!r}")
    return int(megabytes * 1_000_000)

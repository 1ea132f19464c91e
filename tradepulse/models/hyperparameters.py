"""Hyperparameters every model type takes, with their bounds (the GUI reads the same bounds)."""

from dataclasses import asdict, dataclass, fields

from tradepulse.errors import TradePulseError

# Inclusive bounds; one place for the engine, the CLI and the GUI widgets.
BOUNDS = {
    "epochs": (1, 1000),
    "learning_rate": (1e-6, 1.0),
    "batch_size": (1, 8192),
    "hidden_layers": (1, 10),
    "units": (1, 1024),
    "dropout": (0.0, 0.9),
    "patience": (1, 200),
    "lookback": (2, 500),
    "mc_samples": (2, 1000),
}
RECURRENT_CELLS = ("lstm", "gru")
DEFAULT_ENSEMBLE_WEIGHTS = (0.3, 0.3, 0.4)  # ADM, CIPO, BICIPO
# Settings only some model types read; the others apply to every type. The Ensemble trains ADM, CIPO and
# BICIPO, so it reads theirs too.
USED_BY = {"lookback": ("ADM", "Ensemble"), "recurrent_cell": ("ADM", "Ensemble"), "mc_samples": ("BICIPO", "Ensemble"),
           "ensemble_weights": ("Ensemble",), "fit_ensemble_weights": ("Ensemble",)}


def applies(name: str, model_type: str) -> bool:
    """Whether the hyperparameter `name` changes a run of model_type."""
    return model_type in USED_BY.get(name, (model_type,))


@dataclass(frozen=True)
class Hyperparameters:
    epochs: int = 20
    learning_rate: float = 1e-3
    batch_size: int = 32
    hidden_layers: int = 2
    units: int = 64
    dropout: float = 0.2
    early_stopping: bool = True
    patience: int = 5
    lookback: int = 20
    recurrent_cell: str = "lstm"
    mc_samples: int = 30
    ensemble_weights: tuple[float, float, float] = DEFAULT_ENSEMBLE_WEIGHTS
    fit_ensemble_weights: bool = False
    seed: int = 42

    def __post_init__(self):
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise TradePulseError(f"{name} must be between {low} and {high}, got {value!r}")
        for name in ("epochs", "batch_size", "hidden_layers", "units", "patience", "lookback", "mc_samples"):
            if int(getattr(self, name)) != getattr(self, name):
                raise TradePulseError(f"{name} must be a whole number, got {getattr(self, name)!r}")
        if self.recurrent_cell not in RECURRENT_CELLS:
            raise TradePulseError(f"recurrent_cell must be one of {', '.join(RECURRENT_CELLS)}")
        weights = tuple(float(w) for w in self.ensemble_weights)
        if len(weights) != 3 or min(weights) < 0 or sum(weights) <= 0:
            raise TradePulseError("ensemble_weights must be three non-negative numbers, not all zero")
        object.__setattr__(self, "ensemble_weights", weights)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ensemble_weights"] = list(self.ensemble_weights)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Hyperparameters":
        """Build from a record or form; unknown keys (from newer or older versions) are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        if "ensemble_weights" in values:
            values["ensemble_weights"] = tuple(values["ensemble_weights"])
        return cls(**values)

"""Hyperparameters of every model type, with their bounds (the GUI reads the same bounds) and which types
read which setting."""

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
    "image_size": (16, 256),
    "c": (1e-4, 1e4),
    "trees": (1, 2000),
    "max_depth": (0, 100),
    "min_samples_leaf": (1, 10000),
    "boosting_learning_rate": (1e-4, 1.0),
    "iterations": (1, 5000),
    "max_leaf_nodes": (2, 4096),
}
WHOLE = ("epochs", "batch_size", "hidden_layers", "units", "patience", "lookback", "mc_samples", "image_size",
         "trees", "max_depth", "min_samples_leaf", "iterations", "max_leaf_nodes")
RECURRENT_CELLS = ("lstm", "gru")
CLASS_WEIGHTS = ("balanced", "none")
NETWORKS = ("ADM", "CIPO", "BICIPO", "ChartCNN")
REFERENCE = ("LogisticRegression", "RandomForest", "GradientBoosting")  # scikit-learn
MEMBER_TYPES = NETWORKS + REFERENCE  # what an Ensemble can be made of
DEFAULT_ENSEMBLE_MEMBERS = ("ADM", "CIPO", "BICIPO")
DEFAULT_ENSEMBLE_WEIGHTS = (0.3, 0.3, 0.4)
_ENSEMBLE_OWN = ("ensemble_members", "ensemble_weights", "fit_ensemble_weights")
# The model types that read a setting; settings not named here (the seed) apply to every type. The Ensemble
# reads its own settings and those of its members.
USED_BY = {
    **dict.fromkeys(("epochs", "learning_rate", "batch_size", "hidden_layers", "units", "dropout", "patience"),
                    NETWORKS),
    "early_stopping": NETWORKS + ("GradientBoosting",),
    "lookback": ("ADM", "ChartCNN"), "recurrent_cell": ("ADM",), "mc_samples": ("BICIPO",),
    "image_size": ("ChartCNN",), "c": ("LogisticRegression",),
    "class_weight": REFERENCE + ("ChartCNN",),
    **dict.fromkeys(("trees", "max_depth", "min_samples_leaf"), ("RandomForest",)),
    **dict.fromkeys(("boosting_learning_rate", "iterations", "max_leaf_nodes"), ("GradientBoosting",)),
    **dict.fromkeys(_ENSEMBLE_OWN, ()),
}


def applies(name: str, model_type: str, members=DEFAULT_ENSEMBLE_MEMBERS) -> bool:
    """Whether the hyperparameter `name` changes a run of model_type (an Ensemble of `members`)."""
    if model_type == "Ensemble":
        return name in _ENSEMBLE_OWN or any(applies(name, member) for member in members)
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
    image_size: int = 64  # ChartCNN: pixels per side of each chart image
    c: float = 1.0  # LogisticRegression: inverse regularisation strength
    class_weight: str = "balanced"
    trees: int = 200
    max_depth: int = 0  # RandomForest: 0 grows trees until their leaves are pure (or min_samples_leaf)
    min_samples_leaf: int = 5
    boosting_learning_rate: float = 0.1
    iterations: int = 200
    max_leaf_nodes: int = 31
    ensemble_members: tuple[str, ...] = DEFAULT_ENSEMBLE_MEMBERS
    ensemble_weights: tuple[float, ...] = DEFAULT_ENSEMBLE_WEIGHTS
    fit_ensemble_weights: bool = False
    seed: int = 42

    def __post_init__(self):
        for name, (low, high) in BOUNDS.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
                raise TradePulseError(f"{name} must be between {low} and {high}, got {value!r}")
        for name in WHOLE:
            if int(getattr(self, name)) != getattr(self, name):
                raise TradePulseError(f"{name} must be a whole number, got {getattr(self, name)!r}")
        if self.recurrent_cell not in RECURRENT_CELLS:
            raise TradePulseError(f"recurrent_cell must be one of {', '.join(RECURRENT_CELLS)}")
        if self.class_weight not in CLASS_WEIGHTS:
            raise TradePulseError(f"class_weight must be one of {', '.join(CLASS_WEIGHTS)}")
        members = tuple(self.ensemble_members)
        if not members or len(set(members)) < len(members) or not set(members) <= set(MEMBER_TYPES):
            raise TradePulseError(f"ensemble_members must be distinct types among {', '.join(MEMBER_TYPES)}")
        weights = tuple(float(w) for w in self.ensemble_weights)
        if len(weights) != len(members) or min(weights) < 0 or sum(weights) <= 0:
            raise TradePulseError(f"ensemble_weights must be one non-negative number per member "
                                  f"({len(members)}), not all zero")
        object.__setattr__(self, "ensemble_members", members)
        object.__setattr__(self, "ensemble_weights", weights)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["ensemble_members"] = list(self.ensemble_members)
        data["ensemble_weights"] = list(self.ensemble_weights)
        return data

    def applied(self, model_type: str) -> dict:
        """The settings that change a run of model_type: what its record keeps."""
        return {name: value for name, value in self.to_dict().items()
                if applies(name, model_type, self.ensemble_members)}

    @classmethod
    def from_dict(cls, data: dict) -> "Hyperparameters":
        """Build from a record or form; unknown keys (from newer or older versions) are ignored."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("ensemble_members", "ensemble_weights"):
            if name in values:
                values[name] = tuple(values[name])
        return cls(**values)

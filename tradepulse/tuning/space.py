"""The search space: for each hyperparameter a range, a choice or a fixed value, written as a short spec.

One spec syntax for the command line (`--space NAME=SPEC`) and the GUI's inputs:
`LOW:HIGH` a range (whole numbers for whole-number settings), `LOW:HIGH:log` on a log scale, `A,B,C` a
choice, and a single value fixes the setting. The defaults below cover the settings worth searching; every
other setting keeps the run's value (the train defaults unless given). A new hyperparameter becomes
searchable by adding its default spec to DEFAULT_SPECS; `applies` keeps each model type to its own.
"""

from dataclasses import dataclass, fields, replace

from tradepulse.errors import TradePulseError
from tradepulse.models.hyperparameters import Hyperparameters, applies

DEFAULT_SPECS = {
    "learning_rate": "1e-4:1e-2:log",
    "batch_size": "16,32,64,128",
    "hidden_layers": "1:10",
    "units": "16:256:log",
    "dropout": "0:0.5",
    "epochs": "20",  # a cap: early stopping (on by default) ends a trial's fits sooner
    "lookback": "5:60",
    "recurrent_cell": "lstm,gru",
    "mc_samples": "10:50",
    "image_size": "32,64",
    "c": "1e-3:1e2:log",
    "class_weight": "balanced,none",
    "trees": "50:500:log",
    "max_depth": "0:30",  # 0: unlimited
    "min_samples_leaf": "1:50:log",
    "boosting_learning_rate": "1e-2:0.3:log",
    "iterations": "50:500:log",
    "max_leaf_nodes": "8:128:log",
}
_DEFAULTS = Hyperparameters()
# Settings a spec can name: one value each (ensemble weights are three, so they keep the run's value).
_TYPES = {f.name: type(getattr(_DEFAULTS, f.name)) for f in fields(Hyperparameters)
          if isinstance(getattr(_DEFAULTS, f.name), (bool, int, float, str))}
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


class SpaceError(TradePulseError):
    """A search-space spec that cannot be used; the message names the setting."""


def _value(name: str, text: str):
    kind, text = _TYPES[name], text.strip()
    try:
        if kind is bool:
            if text.lower() not in _TRUE + _FALSE:
                raise ValueError
            value = text.lower() in _TRUE
        elif kind is int:
            value = int(text)
        elif kind is float:
            value = float(text)
        else:
            value = text
        replace(_DEFAULTS, **{name: value})  # the hyperparameter's own bounds and rules
    except ValueError as exc:
        why = str(exc) if isinstance(exc, TradePulseError) else f"{text!r} is not a {kind.__name__} value"
        raise SpaceError(f"{name}: {why}") from None
    return value


@dataclass(frozen=True)
class Dimension:
    name: str
    spec: str
    low: object = None  # a range's ends...
    high: object = None
    log: bool = False
    choices: tuple = ()  # ...or a choice...
    value: object = None  # ...or a fixed value

    @property
    def searched(self) -> bool:
        return self.low is not None or len(self.choices) > 1

    def suggest(self, trial):
        if self.choices:
            return trial.suggest_categorical(self.name, list(self.choices))
        suggest = trial.suggest_int if _TYPES[self.name] is int else trial.suggest_float
        return suggest(self.name, self.low, self.high, log=self.log)


def parse(name: str, spec: str) -> Dimension:
    """A Dimension from `spec`; raises SpaceError with the setting's name for anything unusable."""
    if name not in _TYPES:
        raise SpaceError(f"unknown hyperparameter {name!r}; choose from {', '.join(sorted(_TYPES))}")
    text = str(spec).strip()
    if "," in text:
        choices = tuple(dict.fromkeys(_value(name, part) for part in text.split(",")))
        return Dimension(name, text, choices=choices) if len(choices) > 1 else Dimension(name, text, value=choices[0])
    if ":" not in text:
        return Dimension(name, text, value=_value(name, text))
    parts = text.split(":")
    log = len(parts) == 3 and parts[2].strip().lower() == "log"
    if len(parts) != 2 and not log or _TYPES[name] not in (int, float):
        raise SpaceError(f"{name}: {text!r} is not a range; write LOW:HIGH or LOW:HIGH:log")
    low, high = _value(name, parts[0]), _value(name, parts[1])
    if low > high:
        raise SpaceError(f"{name}: the range's low end {low} is above its high end {high}")
    if log and low <= 0:
        raise SpaceError(f"{name}: a log range needs a low end above 0, got {low}")
    return Dimension(name, text, low=low, high=high, log=log) if low < high else Dimension(name, text, value=low)


@dataclass(frozen=True)
class SearchSpace:
    model_type: str
    dimensions: tuple[Dimension, ...]
    base: Hyperparameters  # every setting the space does not name

    @classmethod
    def build(cls, model_type: str, specs: dict | None = None, base: Hyperparameters = _DEFAULTS) -> "SearchSpace":
        """The default specs that apply to model_type, with `specs` (name: spec) over them."""
        specs = dict(specs or {})
        for name in specs:
            if name in _TYPES and not applies(name, model_type):
                raise SpaceError(f"{name} does not change a {model_type} run; leave it out of the search space")
        chosen = {n: s for n, s in DEFAULT_SPECS.items() if n in _TYPES and applies(n, model_type)} | specs
        dimensions = tuple(parse(name, spec) for name, spec in chosen.items())
        fixed = {d.name: d.value for d in dimensions if not d.searched}
        try:
            base = replace(base, **fixed)
        except TradePulseError as exc:
            raise SpaceError(str(exc)) from None
        return cls(model_type, dimensions, base)

    @property
    def searched(self) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if d.searched)

    def specs(self) -> dict[str, str]:
        return {d.name: d.spec for d in self.dimensions}

    def suggest(self, trial) -> dict:
        """The trial's values of the searched settings (Optuna samples them)."""
        return {d.name: d.suggest(trial) for d in self.searched}

    def hyperparameters(self, params: dict) -> Hyperparameters:
        """The run's settings for a trial's params; a combination the model refuses raises TradePulseError."""
        return replace(self.base, **{k: v for k, v in params.items() if k in _TYPES})

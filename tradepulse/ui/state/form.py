"""The hyperparameter form: typed, bounded parameters that become a Hyperparameters value."""

import param

from tradepulse.evaluation.settings import COST_BOUNDS, DEFAULT_COST_BPS, EvaluationSettings
from tradepulse.evaluation.splits import DEFAULT_FOLDS, FOLD_BOUNDS, METHODS
from tradepulse.models.hyperparameters import BOUNDS, RECURRENT_CELLS, Hyperparameters, applies

DEFAULTS = Hyperparameters()
BASIC = ("epochs", "learning_rate", "batch_size", "hidden_layers")
ADVANCED = ("units", "dropout", "early_stopping", "patience", "lookback", "recurrent_cell", "mc_samples",
            "weight_adm", "weight_cipo", "weight_bicipo", "fit_ensemble_weights", "seed")


def advanced_for(model_type: str) -> tuple[str, ...]:
    """The Advanced settings that change a run of model_type."""
    return tuple(name for name in ADVANCED
                 if applies("ensemble_weights" if name.startswith("weight_") else name, model_type))


class HyperparameterForm(param.Parameterized):
    epochs = param.Integer(DEFAULTS.epochs, bounds=BOUNDS["epochs"], label="Epochs",
                           doc="Passes over the training rows (early stopping may end sooner)")
    learning_rate = param.Number(DEFAULTS.learning_rate, bounds=BOUNDS["learning_rate"], step=1e-4,
                                 label="Learning rate", doc="Adam optimiser step size")
    batch_size = param.Integer(DEFAULTS.batch_size, bounds=BOUNDS["batch_size"], label="Batch size",
                               doc="Rows per gradient step")
    hidden_layers = param.Integer(DEFAULTS.hidden_layers, bounds=BOUNDS["hidden_layers"], label="Hidden layers",
                                  doc="Dense layers (CIPO, BICIPO) or recurrent layers (ADM), 1-10")
    units = param.Integer(DEFAULTS.units, bounds=BOUNDS["units"], label="Units per layer")
    dropout = param.Number(DEFAULTS.dropout, bounds=BOUNDS["dropout"], step=0.05, label="Dropout",
                           doc="Also the source of BICIPO's uncertainty, so BICIPO needs it above 0")
    early_stopping = param.Boolean(DEFAULTS.early_stopping, label="Early stopping",
                                   doc="Stop when validation loss stops improving, keeping the best weights")
    patience = param.Integer(DEFAULTS.patience, bounds=BOUNDS["patience"], label="Patience (epochs)")
    lookback = param.Integer(DEFAULTS.lookback, bounds=BOUNDS["lookback"], label="ADM lookback (rows)")
    recurrent_cell = param.Selector(default=DEFAULTS.recurrent_cell, objects=list(RECURRENT_CELLS),
                                    label="ADM cell")
    mc_samples = param.Integer(DEFAULTS.mc_samples, bounds=BOUNDS["mc_samples"], label="BICIPO passes")
    weight_adm = param.Number(DEFAULTS.ensemble_weights[0], bounds=(0, 1), step=0.05, label="Ensemble weight ADM")
    weight_cipo = param.Number(DEFAULTS.ensemble_weights[1], bounds=(0, 1), step=0.05, label="Ensemble weight CIPO")
    weight_bicipo = param.Number(DEFAULTS.ensemble_weights[2], bounds=(0, 1), step=0.05,
                                 label="Ensemble weight BICIPO")
    fit_ensemble_weights = param.Boolean(DEFAULTS.fit_ensemble_weights, label="Fit ensemble weights",
                                         doc="Choose the weights on the validation split instead")
    seed = param.Integer(DEFAULTS.seed, bounds=(0, 2**31 - 1), label="Random seed")

    def to_hyperparameters(self) -> Hyperparameters:
        """The engine's value; raises TradePulseError for combinations the bounds alone cannot catch."""
        values = {name: getattr(self, name) for name in BASIC + ADVANCED if not name.startswith("weight_")}
        values["ensemble_weights"] = (self.weight_adm, self.weight_cipo, self.weight_bicipo)
        return Hyperparameters(**values)


AUTO = "auto"
EVALUATION = ("validation", "folds", "cost_bps", "positive_class")


class EvaluationForm(param.Parameterized):
    validation = param.Selector(default=AUTO, objects=[AUTO, *METHODS], label="Validation",
                                doc="auto: walk-forward when the data has time, stratified k-fold otherwise")
    folds = param.Integer(DEFAULT_FOLDS, bounds=FOLD_BOUNDS, label="Folds",
                          doc="Walk-forward test blocks or k-fold folds (holdout has one)")
    cost_bps = param.Number(DEFAULT_COST_BPS, bounds=COST_BOUNDS, step=0.5, label="Cost per side (bps)",
                            doc="Charged on every change of position in the trading results")
    positive_class = param.Selector(default=None, objects=[None], allow_None=True, label="Positive class",
                                    doc="Two-class targets: the class precision, recall and F1 are about")

    def offer_classes(self, names: list[str]) -> None:
        """Two-class targets get a choice, defaulting to up for market data, else the second class."""
        names = list(names) if len(names) == 2 else [None]
        chosen = self.positive_class if self.positive_class in names else "up" if "up" in names else names[-1]
        # The choice first: a Select given options that lack its value takes the first one and writes it back.
        self.param.positive_class.objects = [chosen] + [name for name in names if name != chosen]
        self.positive_class = chosen

    def to_settings(self) -> EvaluationSettings:
        return EvaluationSettings(method=None if self.validation == AUTO else self.validation, folds=self.folds,
                                  cost_bps=float(self.cost_bps), positive_class=self.positive_class)

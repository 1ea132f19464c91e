"""The hyperparameter form: typed, bounded parameters that become a Hyperparameters value."""

import param

from tradepulse.evaluation.settings import COST_BOUNDS, DEFAULT_COST_BPS, EvaluationSettings
from tradepulse.evaluation.splits import DEFAULT_FOLDS, FOLD_BOUNDS, METHODS
from tradepulse.models.hyperparameters import (BOUNDS, CLASS_WEIGHTS, DEFAULT_ENSEMBLE_MEMBERS, MEMBER_TYPES,
                                               RECURRENT_CELLS, Hyperparameters, applies)

DEFAULTS = Hyperparameters()
# Each list in form order; a type sees only the names that apply to it (an Ensemble: to its members).
BASIC = ("epochs", "learning_rate", "batch_size", "hidden_layers", "c", "trees", "max_depth", "min_samples_leaf",
         "boosting_learning_rate", "iterations", "max_leaf_nodes")
MEMBER_WEIGHTS = {member: f"weight_{member.lower()}" for member in MEMBER_TYPES}
ADVANCED = ("units", "dropout", "early_stopping", "patience", "lookback", "recurrent_cell", "mc_samples",
            "image_size", "class_weight", *MEMBER_WEIGHTS.values(), "fit_ensemble_weights", "seed")


def _shows(name: str, model_type: str, members) -> bool:
    """A member's weight shows for an Ensemble that has it; any other setting where it applies."""
    member = {weight: member for member, weight in MEMBER_WEIGHTS.items()}.get(name)
    if member is not None:
        return model_type == "Ensemble" and member in members
    return applies(name, model_type, members)


def _shown(names, model_type: str, members) -> tuple[str, ...]:
    return tuple(name for name in names if _shows(name, model_type, members))


def basic_for(model_type: str, members=DEFAULT_ENSEMBLE_MEMBERS) -> tuple[str, ...]:
    """The main settings of model_type (an Ensemble of members)."""
    return _shown(BASIC, model_type, members)


def advanced_for(model_type: str, members=DEFAULT_ENSEMBLE_MEMBERS) -> tuple[str, ...]:
    """The Advanced settings that change a run of model_type (an Ensemble of members)."""
    return _shown(ADVANCED, model_type, members)


def _weight(member: str, default: float):
    return param.Number(default, bounds=(0, 1), step=0.05, label=f"Ensemble weight {member}")


class HyperparameterForm(param.Parameterized):
    epochs = param.Integer(DEFAULTS.epochs, bounds=BOUNDS["epochs"], label="Epochs",
                           doc="Passes over the training rows (early stopping may end sooner)")
    learning_rate = param.Number(DEFAULTS.learning_rate, bounds=BOUNDS["learning_rate"], step=1e-4,
                                 label="Learning rate", doc="Adam optimiser step size")
    batch_size = param.Integer(DEFAULTS.batch_size, bounds=BOUNDS["batch_size"], label="Batch size",
                               doc="Rows per gradient step")
    hidden_layers = param.Integer(DEFAULTS.hidden_layers, bounds=BOUNDS["hidden_layers"], label="Hidden layers",
                                  doc="Dense layers (CIPO, BICIPO), recurrent layers (ADM) or convolution blocks "
                                      "(ChartCNN), 1-10")
    c = param.Number(DEFAULTS.c, bounds=BOUNDS["c"], step=0.1, label="C (inverse regularisation)",
                     doc="Smaller values regularise the logistic regression more")
    trees = param.Integer(DEFAULTS.trees, bounds=BOUNDS["trees"], label="Trees")
    max_depth = param.Integer(DEFAULTS.max_depth, bounds=BOUNDS["max_depth"], label="Max depth (0: unlimited)")
    min_samples_leaf = param.Integer(DEFAULTS.min_samples_leaf, bounds=BOUNDS["min_samples_leaf"],
                                     label="Min samples per leaf")
    boosting_learning_rate = param.Number(DEFAULTS.boosting_learning_rate, bounds=BOUNDS["boosting_learning_rate"],
                                          step=0.01, label="Boosting learning rate",
                                          doc="Shrinkage of each boosting round")
    iterations = param.Integer(DEFAULTS.iterations, bounds=BOUNDS["iterations"], label="Iterations",
                               doc="Boosting rounds at most: early stopping on the validation rows may end sooner")
    max_leaf_nodes = param.Integer(DEFAULTS.max_leaf_nodes, bounds=BOUNDS["max_leaf_nodes"], label="Max leaf nodes")
    units = param.Integer(DEFAULTS.units, bounds=BOUNDS["units"], label="Units per layer")
    dropout = param.Number(DEFAULTS.dropout, bounds=BOUNDS["dropout"], step=0.05, label="Dropout",
                           doc="Also the source of BICIPO's uncertainty, so BICIPO needs it above 0")
    early_stopping = param.Boolean(DEFAULTS.early_stopping, label="Early stopping",
                                   doc="Stop when validation loss stops improving, keeping the best weights")
    patience = param.Integer(DEFAULTS.patience, bounds=BOUNDS["patience"], label="Patience (epochs)")
    lookback = param.Integer(DEFAULTS.lookback, bounds=BOUNDS["lookback"], label="Lookback (rows or bars)",
                             doc="ADM's window of rows; ChartCNN's bars per chart")
    recurrent_cell = param.Selector(default=DEFAULTS.recurrent_cell, objects=list(RECURRENT_CELLS),
                                    label="ADM cell")
    mc_samples = param.Integer(DEFAULTS.mc_samples, bounds=BOUNDS["mc_samples"], label="BICIPO passes")
    image_size = param.Integer(DEFAULTS.image_size, bounds=BOUNDS["image_size"], label="Chart image size (pixels)")
    class_weight = param.Selector(default=DEFAULTS.class_weight, objects=list(CLASS_WEIGHTS), label="Class weight",
                                  doc="balanced: rare classes count as much as common ones in training")
    ensemble_members = param.ListSelector(default=list(DEFAULTS.ensemble_members), objects=list(MEMBER_TYPES),
                                          label="Ensemble members")
    weight_adm = _weight("ADM", DEFAULTS.ensemble_weights[0])
    weight_cipo = _weight("CIPO", DEFAULTS.ensemble_weights[1])
    weight_bicipo = _weight("BICIPO", DEFAULTS.ensemble_weights[2])
    weight_chartcnn = _weight("ChartCNN", 0.3)
    weight_logisticregression = _weight("LogisticRegression", 0.3)
    weight_randomforest = _weight("RandomForest", 0.3)
    weight_gradientboosting = _weight("GradientBoosting", 0.3)
    fit_ensemble_weights = param.Boolean(DEFAULTS.fit_ensemble_weights, label="Fit ensemble weights",
                                         doc="Choose the weights on the validation split instead")
    seed = param.Integer(DEFAULTS.seed, bounds=(0, 2**31 - 1), label="Random seed")

    def to_hyperparameters(self) -> Hyperparameters:
        """The engine's value; raises TradePulseError for combinations the bounds alone cannot catch."""
        weights = set(MEMBER_WEIGHTS.values())
        values = {name: getattr(self, name) for name in BASIC + ADVANCED if name not in weights}
        members = [member for member in MEMBER_TYPES if member in self.ensemble_members]  # in the form's order
        values["ensemble_members"] = tuple(members)
        values["ensemble_weights"] = tuple(getattr(self, MEMBER_WEIGHTS[member]) for member in members)
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

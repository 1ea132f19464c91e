"""Command-line options shared by the commands that train (`train`, `tune`), and the request they describe."""

from dataclasses import fields
from pathlib import Path

from tradepulse.config import MODEL_TYPES
from tradepulse.data.adjust import ADJUSTED, RAW
from tradepulse.evaluation.settings import DEFAULT_COST_BPS
from tradepulse.evaluation.splits import DEFAULT_FOLDS, METHODS
from tradepulse.models.hyperparameters import CLASS_WEIGHTS, MEMBER_TYPES, Hyperparameters

DEFAULTS = Hyperparameters()


def add_data_options(parser):
    parser.add_argument("--model", required=True, choices=MODEL_TYPES)
    parser.add_argument("--data", required=True, nargs="+", metavar="FILE", help="one or more files used together")
    parser.add_argument("--target", help="target column of a feature table (default: 'target')")
    parser.add_argument("--kind", choices=("market", "table"), help="override the detected dataset kind")
    parser.add_argument("--raw-prices", dest="prices", action="store_const", const=RAW, default=ADJUSTED,
                        help="market bars with an Adj Close: train on the raw traded prices, not adjusted ones")


def add_hyperparameter_options(parser):
    parser.add_argument("--epochs", type=int, default=DEFAULTS.epochs)
    parser.add_argument("--learning-rate", type=float, default=DEFAULTS.learning_rate)
    parser.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size)
    parser.add_argument("--hidden-layers", type=int, default=DEFAULTS.hidden_layers, help="1-10")
    parser.add_argument("--units", type=int, default=DEFAULTS.units, help="units per hidden layer")
    parser.add_argument("--dropout", type=float, default=DEFAULTS.dropout)
    parser.add_argument("--patience", type=int, default=DEFAULTS.patience, help="early-stopping patience (epochs)")
    parser.add_argument("--no-early-stopping", dest="early_stopping", action="store_false")
    parser.add_argument("--lookback", type=int, default=DEFAULTS.lookback, help="ADM window length (rows)")
    parser.add_argument("--recurrent-cell", choices=("lstm", "gru"), default=DEFAULTS.recurrent_cell)
    parser.add_argument("--mc-samples", type=int, default=DEFAULTS.mc_samples, help="BICIPO passes")
    parser.add_argument("--fit-ensemble-weights", action="store_true", help="fit weights on the validation split")
    parser.add_argument("--ensemble-members", nargs="+", choices=MEMBER_TYPES, metavar="TYPE",
                        help=f"Ensemble: its member types (default {' '.join(DEFAULTS.ensemble_members)}; "
                             f"any of {', '.join(MEMBER_TYPES)})")
    parser.add_argument("--ensemble-weights", nargs="+", type=float, metavar="W",
                        help="Ensemble: one weight per member (default 0.3 0.3 0.4, or equal for other members)")
    parser.add_argument("--seed", type=int, default=DEFAULTS.seed)
    kinds = parser.add_argument_group("ChartCNN and the scikit-learn types")
    kinds.add_argument("--image-size", type=int, default=DEFAULTS.image_size, help="ChartCNN: pixels per side")
    kinds.add_argument("--class-weight", choices=CLASS_WEIGHTS, default=DEFAULTS.class_weight,
                       help="ChartCNN and scikit-learn types: weigh classes to balance them")
    kinds.add_argument("--c", type=float, default=DEFAULTS.c,
                       help="LogisticRegression: inverse regularisation strength C")
    kinds.add_argument("--trees", type=int, default=DEFAULTS.trees, help="RandomForest: trees")
    kinds.add_argument("--max-depth", type=int, default=DEFAULTS.max_depth, help="RandomForest: 0 = unlimited")
    kinds.add_argument("--min-samples-leaf", type=int, default=DEFAULTS.min_samples_leaf, help="RandomForest")
    kinds.add_argument("--boosting-learning-rate", type=float, default=DEFAULTS.boosting_learning_rate,
                       help="GradientBoosting: shrinkage per round")
    kinds.add_argument("--iterations", type=int, default=DEFAULTS.iterations,
                       help="GradientBoosting: boosting rounds at most (early stopping may end sooner)")
    kinds.add_argument("--max-leaf-nodes", type=int, default=DEFAULTS.max_leaf_nodes, help="GradientBoosting")


def add_evaluation_options(parser):
    judged = parser.add_argument_group("evaluation")
    judged.add_argument("--validation", choices=METHODS,
                        help="default: walk-forward for market bars and tables with time, k-fold otherwise")
    judged.add_argument("--folds", type=int, default=DEFAULT_FOLDS, help="walk-forward or k-fold folds, 2-20")
    judged.add_argument("--cost-bps", type=float, default=DEFAULT_COST_BPS,
                        help="trading cost per side in basis points (market data)")
    judged.add_argument("--positive-class",
                        help="two-class targets: the class precision, recall and F1 are about (market: up)")


def training_request(args, **extra):
    """The request the parsed options describe (hyperparameters left unset take their defaults). Files that
    cannot be used are refused here, before any record: unreadable, too short, columns that disagree, a
    table without its target."""
    from tradepulse.data import TABLE, TargetMissing, check_dataset, combine_tables, detect_kind, read_table
    from tradepulse.data.table import target_column
    from tradepulse.errors import DataError
    from tradepulse.evaluation.settings import EvaluationSettings
    from tradepulse.training.record import TrainingRequest

    names = {f.name for f in fields(Hyperparameters)}
    values = {k: v for k, v in vars(args).items() if k in names and v is not None}
    if "ensemble_members" in values and "ensemble_weights" not in values:
        values["ensemble_weights"] = [1.0] * len(values["ensemble_members"])  # equal votes unless told
    hyperparameters = Hyperparameters.from_dict(values)
    evaluation = EvaluationSettings(method=args.validation, folds=args.folds, cost_bps=args.cost_bps,
                                    positive_class=args.positive_class)
    tables = tuple((Path(path).name, read_table(path)) for path in args.data)
    for name, table in tables:
        check_dataset(table, name)
    combined = combine_tables(list(tables))
    if (args.kind or detect_kind(combined)) == TABLE:
        try:
            target_column(combined, args.target)
        except TargetMissing as exc:
            raise DataError(f"{exc} (e.g. --target COL)") from None
    return TrainingRequest(args.model, hyperparameters, tables, target=args.target, kind=args.kind,
                           evaluation=evaluation, prices=args.prices, **extra)

"""Command line: `python main.py [serve] | train | predict | records`."""

import argparse
import logging
import sys

from tradepulse.config import MODEL_TYPES
from tradepulse.data.adjust import ADJUSTED, RAW
from tradepulse.errors import TradePulseError
from tradepulse.evaluation.settings import DEFAULT_COST_BPS
from tradepulse.evaluation.splits import DEFAULT_FOLDS, METHODS
from tradepulse.models.hyperparameters import Hyperparameters

DEFAULTS = Hyperparameters()


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # One line that names the problem; `--help` still shows the usage.
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_training_options(train):
    train.add_argument("--model", required=True, choices=MODEL_TYPES)
    train.add_argument("--data", required=True, nargs="+", metavar="FILE", help="one or more files used together")
    train.add_argument("--target", help="target column of a feature table (default: 'target')")
    train.add_argument("--kind", choices=("market", "table"), help="override the detected dataset kind")
    train.add_argument("--raw-prices", dest="prices", action="store_const", const=RAW, default=ADJUSTED,
                       help="market bars with an Adj Close: train on the raw traded prices, not adjusted ones")
    train.add_argument("--epochs", type=int, default=DEFAULTS.epochs)
    train.add_argument("--learning-rate", type=float, default=DEFAULTS.learning_rate)
    train.add_argument("--batch-size", type=int, default=DEFAULTS.batch_size)
    train.add_argument("--hidden-layers", type=int, default=DEFAULTS.hidden_layers, help="1-10")
    train.add_argument("--units", type=int, default=DEFAULTS.units, help="units per hidden layer")
    train.add_argument("--dropout", type=float, default=DEFAULTS.dropout)
    train.add_argument("--patience", type=int, default=DEFAULTS.patience, help="early-stopping patience (epochs)")
    train.add_argument("--no-early-stopping", dest="early_stopping", action="store_false")
    train.add_argument("--lookback", type=int, default=DEFAULTS.lookback, help="ADM window length (rows)")
    train.add_argument("--recurrent-cell", choices=("lstm", "gru"), default=DEFAULTS.recurrent_cell)
    train.add_argument("--mc-samples", type=int, default=DEFAULTS.mc_samples, help="BICIPO passes")
    train.add_argument("--fit-ensemble-weights", action="store_true", help="fit weights on the validation split")
    train.add_argument("--seed", type=int, default=DEFAULTS.seed)
    judged = train.add_argument_group("evaluation")
    judged.add_argument("--validation", choices=METHODS,
                        help="default: walk-forward for market bars and tables with time, k-fold otherwise")
    judged.add_argument("--folds", type=int, default=DEFAULT_FOLDS, help="walk-forward or k-fold folds, 2-20")
    judged.add_argument("--cost-bps", type=float, default=DEFAULT_COST_BPS,
                        help="trading cost per side in basis points (market data)")
    judged.add_argument("--positive-class",
                        help="two-class targets: the class precision, recall and F1 are about (market: up)")


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    # SUPPRESS: a subcommand's unset --data-dir must not erase one given before the subcommand.
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="records folder (default $TRADEPULSE_DATA_DIR or ./model_training_data)")
    parser = Parser(prog="python main.py", description="TradePulse Models Panel", parents=[common])
    commands = parser.add_subparsers(dest="command", parser_class=Parser)

    serve = commands.add_parser("serve", parents=[common], help="serve the Models Panel (the default)")
    serve.add_argument("--port", type=int, default=5006)
    serve.add_argument("--address", default="127.0.0.1", help="interface to listen on (default: this machine only)")
    serve.add_argument("--no-browser", dest="show", action="store_false", help="do not open a browser tab")
    serve.add_argument("--basic-auth", metavar="PASSWORD_OR_FILE",
                       help="require a login (Panel's basic auth: one password, or a JSON file of user: password)")
    serve.add_argument("--allow-websocket-origin", action="append", metavar="HOST[:PORT]",
                       help="origins allowed to connect when exposed (default: the --address and --port)")

    _add_training_options(commands.add_parser("train", parents=[common], help="train a model"))

    predict = commands.add_parser("predict", parents=[common], help="predict with a trained model")
    predict.add_argument("--model", choices=MODEL_TYPES, help="use this type's latest completed run")
    predict.add_argument("--run", help="use this run id instead")
    predict.add_argument("--data", required=True, metavar="FILE")
    predict.add_argument("--output", required=True, metavar="OUT.csv")
    predict.add_argument("--band", type=float, default=0.05, help="Hold while P(up) is within 0.5 ± band")

    records = commands.add_parser("records", parents=[common], help="list, show, delete or clean up runs")
    actions = records.add_subparsers(dest="action", required=True, parser_class=Parser)
    listing = actions.add_parser("list", parents=[common])
    listing.add_argument("--model", choices=MODEL_TYPES)
    actions.add_parser("show", parents=[common]).add_argument("run_id")
    actions.add_parser("delete", parents=[common]).add_argument("run_id")
    cleanup = actions.add_parser("cleanup", parents=[common])
    cleanup.add_argument("--keep", type=int, required=True, help="newest runs to keep per model")
    cleanup.add_argument("--model", choices=MODEL_TYPES)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv.insert(0, "serve")  # `python main.py [--port N ...]` serves the GUI
    args = build_parser().parse_args(argv)
    # The commands report skipped files and failures themselves; only errors come through logging.
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")
    from tradepulse import commands  # after parsing, so `--help` stays instant

    try:
        return commands.run(args)
    except TradePulseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

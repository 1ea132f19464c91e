"""Command line: `python main.py [serve] | train | predict | records | report | tune | studies`."""

import argparse
import logging
import sys

from tradepulse.cli_options import add_data_options, add_evaluation_options, add_hyperparameter_options
from tradepulse.config import MODEL_TYPES
from tradepulse.errors import TradePulseError
from tradepulse.history_commands import add_records_parser
from tradepulse.reports.command import add_parser as add_report_parser
from tradepulse.tuning.command import add_parsers as add_tuning_parsers


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # One line that names the problem; `--help` still shows the usage.
        self.exit(2, f"{self.prog}: error: {message}\n")


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
    serve.add_argument("--num-procs", type=int, default=1, metavar="N",
                       help="serve from N processes sharing the port (0: one per core); see README")

    train = commands.add_parser("train", parents=[common], help="train a model")
    add_data_options(train)
    add_hyperparameter_options(train)
    add_evaluation_options(train)

    predict = commands.add_parser("predict", parents=[common], help="predict with a trained model")
    predict.add_argument("--model", choices=MODEL_TYPES,
                         help="use this type's pinned run (records pin), else its latest completed run")
    predict.add_argument("--run", help="use this run id instead")
    predict.add_argument("--data", required=True, metavar="FILE")
    predict.add_argument("--output", required=True, metavar="OUT.csv")
    predict.add_argument("--band", type=float, default=0.05, help="Hold while P(up) is within 0.5 ± band")

    add_records_parser(commands, common, Parser)
    add_report_parser(commands, common)
    add_tuning_parsers(commands, common)
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

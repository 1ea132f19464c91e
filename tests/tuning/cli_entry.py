"""`python -m tests.tuning.cli_entry tune|studies ...`: the tuning commands behind the app's own parser
class, as main.py runs them once they are wired into tradepulse/cli.py."""

import argparse
import sys

from tradepulse.cli import Parser
from tradepulse.errors import TradePulseError
from tradepulse.tuning.command import add_parsers, run


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS)
    parser = Parser(prog="python main.py", parents=[common])
    add_parsers(parser.add_subparsers(dest="command", parser_class=Parser), common)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except TradePulseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

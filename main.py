"""TradePulse Models Panel: `python main.py` serves the GUI; `python main.py --help` lists the commands."""

import sys

from tradepulse.cli import main

if __name__ == "__main__":
    sys.exit(main())

"""The data manager: read files, tell market bars from tables, build features, split and preprocess."""

from tradepulse.data.frame import Frame, build_frame
from tradepulse.data.kinds import MARKET, TABLE, detect_kind
from tradepulse.data.loaders import SUPPORTED_SUFFIXES, combine_tables, read_table
from tradepulse.data.preprocess import Preprocessor
from tradepulse.data.split import chronological_split

__all__ = [
    "MARKET",
    "SUPPORTED_SUFFIXES",
    "TABLE",
    "Frame",
    "Preprocessor",
    "build_frame",
    "chronological_split",
    "combine_tables",
    "detect_kind",
    "read_table",
]

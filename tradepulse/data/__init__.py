"""The data manager: read files, tell market bars from tables, build features, split and preprocess."""

from tradepulse.data.adjust import ADJUSTED, PRICE_CHOICES, RAW
from tradepulse.data.combine import combine_tables
from tradepulse.data.frame import Frame, build_frame
from tradepulse.data.kinds import MARKET, TABLE, detect_kind
from tradepulse.data.loaders import MIN_DATASET_ROWS, SUPPORTED_SUFFIXES, check_dataset, read_table
from tradepulse.data.preprocess import Preprocessor
from tradepulse.data.split import chronological_split
from tradepulse.data.table import TargetMissing

__all__ = [
    "ADJUSTED",
    "MARKET",
    "MIN_DATASET_ROWS",
    "PRICE_CHOICES",
    "RAW",
    "SUPPORTED_SUFFIXES",
    "TABLE",
    "Frame",
    "Preprocessor",
    "TargetMissing",
    "build_frame",
    "check_dataset",
    "chronological_split",
    "combine_tables",
    "detect_kind",
    "read_table",
]

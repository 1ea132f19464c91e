"""Run records (JSON, atomic, schema_version) and saved-model folders in the data folder."""

from tradepulse.storage.artifacts import ModelFolderWriter
from tradepulse.storage.atomic import write_bytes_atomic, write_json_atomic
from tradepulse.storage.datasets import DatasetStore, stored_name
from tradepulse.storage.listing import Listing, Skipped
from tradepulse.storage.names import check_name
from tradepulse.storage.records import RecordStore
from tradepulse.storage.schema import SCHEMA_VERSION, from_dict, to_dict

__all__ = [
    "SCHEMA_VERSION",
    "DatasetStore",
    "Listing",
    "ModelFolderWriter",
    "RecordStore",
    "Skipped",
    "check_name",
    "from_dict",
    "stored_name",
    "to_dict",
    "write_bytes_atomic",
    "write_json_atomic",
]

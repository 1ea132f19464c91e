import pytest

from tradepulse.storage import RecordStore


@pytest.fixture
def store(tmp_path):
    """A store on its own data folder, with tmp_path itself as the 'outside' of that folder."""
    return RecordStore(tmp_path / "data")

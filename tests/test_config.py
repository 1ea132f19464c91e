import pytest

from tradepulse.config import DATA_DIR_ENV, data_dir, max_upload_bytes
from tradepulse.errors import TradePulseError


def test_data_dir_prefers_the_flag_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv(DATA_DIR_ENV)
    assert str(data_dir()) == "model_training_data"


@pytest.mark.parametrize("value, expected", [(None, 200_000_000), ("0.5", 500_000), ("1000", 1_000_000_000)])
def test_upload_limit_is_read_in_megabytes(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("TRADEPULSE_MAX_UPLOAD_MB", raising=False)
    else:
        monkeypatch.setenv("TRADEPULSE_MAX_UPLOAD_MB", value)
    assert max_upload_bytes() == expected


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan"])
def test_a_bad_upload_limit_is_refused_with_its_name(monkeypatch, value):
    monkeypatch.setenv("TRADEPULSE_MAX_UPLOAD_MB", value)
    with pytest.raises(TradePulseError, match="TRADEPULSE_MAX_UPLOAD_MB"):
        max_upload_bytes()

"""Uploads are capped; saved models load safely; the server listens on this machine only unless told
otherwise, and asks for a login when told to."""

import os
from urllib.parse import urljoin, urlparse

import keras
import pytest
import requests

from tradepulse import cli, commands
from tradepulse.config import max_upload_bytes
from tradepulse.predict import predict
from tradepulse.ui.state.data import DataState

from ..support import served_app
from .conftest import run_cli, train_small, user_lines

def test_an_oversized_upload_is_refused_with_a_clear_message_and_the_rest_is_loaded(small_bars):
    assert DataState().max_upload_bytes == max_upload_bytes() == 200_000_000  # the documented default
    state = DataState(max_upload_bytes=1_000_000)
    small = small_bars.to_csv(index=False).encode()
    big = small + b"\n".join([small.splitlines()[-1]] * 30_000)  # valid CSV, 1.5 MB or so
    assert len(big) > 1_000_000 > len(small)
    state.add_files({"big.csv": big, "small.csv": small})
    assert state.problem.startswith("big.csv is 1.")
    assert state.problem.endswith(" MB, above the 1 MB upload limit") and "\n" not in state.problem
    assert [d.name for d in state.datasets] == ["small.csv"]


def _plant_lambda_model(store, run_id, marker):
    """Replace a run's network with one whose Lambda layer would create `marker` if its code ran."""
    code = eval(f"lambda t: __import__('pathlib').Path({str(marker)!r}).touch() or t")  # noqa: S307
    inputs = keras.Input(shape=(13,))
    outputs = keras.layers.Dense(2, activation="softmax")(keras.layers.Lambda(code)(inputs))
    path = store.model_dir(run_id) / "model.keras"
    path.unlink()
    keras.Model(inputs, outputs).save(path)
    marker.unlink()  # building the network ran the lambda once; loading must not run it again


def test_a_saved_model_with_embedded_code_is_refused_and_its_code_never_runs(store, tmp_path, small_bars):
    run_id = train_small(store, small_bars)
    marker = tmp_path / "code_ran"
    _plant_lambda_model(store, run_id, marker)
    with pytest.raises(ValueError, match="Lambda"):  # TradePulseError is a ValueError too
        predict(store, small_bars, run_id=run_id)
    assert not marker.exists()


def _break_network_file(store, run_id, _marker):
    (store.model_dir(run_id) / "model.keras").write_bytes(b"PK\x03\x04 not a network" * 50)


def _drop_model_settings(store, run_id, _marker):
    (store.model_dir(run_id) / "model.json").write_text('{"model_name": "CIPO"}')


BAD_SAVED_MODELS = {"embedded code": _plant_lambda_model, "corrupt network file": _break_network_file,
                    "incomplete model.json": _drop_model_settings}


@pytest.mark.parametrize("damage", BAD_SAVED_MODELS)
def test_the_cli_refuses_a_bad_saved_model_in_one_line(store, tmp_path, small_bars, damage):
    run_id = train_small(store, small_bars)
    marker = tmp_path / "code_ran"
    BAD_SAVED_MODELS[damage](store, run_id, marker)
    data = tmp_path / "bars.csv"
    small_bars.to_csv(data, index=False)
    result = run_cli("predict", "--run", run_id, "--data", data, "--output", tmp_path / "out.csv",
                     "--data-dir", store.root)
    assert not marker.exists()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = user_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith(f"error: saved model of run {run_id}")


@pytest.mark.parametrize("argv", [[], ["--no-browser", "--port", "5999"], ["serve"]])
def test_serve_listens_on_this_machine_only_by_default(monkeypatch, argv):
    seen = []
    monkeypatch.setattr(commands, "run", lambda args: seen.append(args) or 0)
    assert cli.main(argv) == 0
    assert seen[0].command == "serve" and seen[0].address == "127.0.0.1"
    assert seen[0].basic_auth is None


def _listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) with a socket listening on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if os.path.exists(table):
            with open(table) as lines:
                rows = lines.read().splitlines()[1:]
            for line in rows:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    found.add(address)
    return found


@pytest.fixture
def served_with_login(tmp_path):
    with served_app(tmp_path, "--basic-auth", "s3cret-pass") as served:
        yield served.port


def test_basic_auth_sends_a_stranger_to_the_login_page(served_with_login):
    port = served_with_login
    base = f"http://127.0.0.1:{port}/"
    assert _listening_addresses(port) == {"0100007F"}  # 127.0.0.1 only, not 0.0.0.0 or ::
    for path in ("", "assets/logo.svg"):
        response = requests.get(base + path, allow_redirects=False, timeout=10)
        assert response.status_code == 302
        assert urlparse(urljoin(base + path, response.headers["Location"])).path == "/login"
    wrong = requests.post(base + "login", data={"username": "u", "password": "wrong"}, allow_redirects=False,
                          timeout=10)
    assert "user" not in wrong.cookies
    right = requests.post(base + "login", data={"username": "u", "password": "s3cret-pass"},
                          allow_redirects=False, timeout=10)
    assert right.status_code == 302 and "user" in right.cookies
    assert requests.get(base, cookies=right.cookies, allow_redirects=False, timeout=30).status_code == 200

import socket
import subprocess
import sys

from tradepulse.training.record import INTERRUPTED, shown_status


def running_record(pid, host=None):
    return {"training_status": "running", "process": {"pid": pid, "host": host or socket.gethostname()}}


def test_a_running_record_whose_process_is_gone_shows_as_interrupted():
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    assert shown_status(running_record(int(finished.stdout))) == INTERRUPTED


def test_a_running_record_of_a_live_process_or_another_machine_stays_running():
    import os

    assert shown_status(running_record(os.getpid())) == "running"
    assert shown_status(running_record(999_999_999, host="some-other-host")) == "running"
    assert shown_status({"training_status": "running"}) == "running"  # older records carry no process


def test_finished_records_keep_their_status():
    assert shown_status({"training_status": "completed", "process": {"pid": 1, "host": "x"}}) == "completed"

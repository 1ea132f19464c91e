"""Trials on Dask: a LocalCluster of 2 worker processes (one killed mid-trial), a real cluster of separate
`dask scheduler` and `dask worker` processes reached by address (with cancel), and an address that does
not answer."""

import os
import re
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
from distributed import Client

from tradepulse.errors import TradePulseError
from tradepulse.tuning.events import TrialProgress, TrialStarted
from tradepulse.tuning.executors import OnDask
from tradepulse.tuning.space import SearchSpace
from tradepulse.tuning.study import counted, open_study, run_study

from ..support import REPO, free_port, wait_until
from .conftest import SPECS, Recorder, market_request, run_small_study

DASK = Path(REPO) / ".venv" / "bin" / "dask"


def _running_on(executor, number: int) -> str | None:
    """The address of the worker running trial `number`, if one is."""
    for address, keys in executor.client.processing().items():
        if any(str(key).startswith(f"trial-{number}-") for key in keys):
            return address
    return None


def _study_killing_a_worker(studies, bars, executor, name: str, trials: int, victim) -> tuple[list, Recorder, dict]:
    """A `trials`-trial holdout study on `executor` whose worker `victim(executor, events)` names is killed
    (SIGKILL) while the study runs: whether it ended, its events and the workers' pids."""
    request = market_request(bars, method="holdout")
    space = SearchSpace.build("CIPO", SPECS, request.hyperparameters)
    study = open_study(studies, name, request, space, "f1", True, False)
    events, ended = Recorder(), []
    executor.start(request, on_progress=events)
    assert executor.slots() == 2
    thread = threading.Thread(target=lambda: ended.append(
        run_study(study, request, space, executor, trials, None, threading.Event(), events)))
    thread.start()
    try:
        address = victim(executor, events)
        pids = executor.client.run(os.getpid)
        os.kill(pids[address], signal.SIGKILL)
        thread.join(180)
    finally:
        executor.close()
    return ended, events, pids


def test_two_local_workers_share_a_study_without_duplicates_and_a_dead_worker_fails_only_its_trial(studies, bars):
    def first_seconds_of_trial_0(executor, _events):
        # Killed during its first seconds on the worker (importing TensorFlow, preparing): well before it ends.
        victim = wait_until(lambda: _running_on(executor, 0), 60, what="trial 0 on a worker")
        time.sleep(0.5)
        return victim

    ended, events, pids = _study_killing_a_worker(studies, bars, OnDask(workers=2), "d", 4, first_seconds_of_trial_0)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()  # two processes of their own
    assert ended == [True]
    finished = {e.number: e for e in events.finished()}
    assert finished[0].state == "failed" and finished[0].error == "the worker running this trial died"
    assert sorted(finished) == [0, 1, 2, 3] and counted(studies.load("d")) == 4
    assert [finished[n].state for n in (1, 2, 3)].count("complete") >= 2, finished
    params = [tuple(sorted(e.params.items())) for e in events.of(TrialStarted)]
    assert len(params) == 4 and len(set(params)) == 4  # the seeded sampler never repeated a set


def _worker_setup() -> tuple:
    """On a worker, once the preload's import has ended: Dask's profiler on?, TensorFlow's two pool sizes."""
    import dask

    from tradepulse.tuning import objective

    assert objective._imported.wait(120)  # importing TensorFlow here too, before it ended, could deadlock
    import tensorflow as tf

    return (dask.config.get("distributed.worker.profile.enabled"),
            tf.config.threading.get_intra_op_parallelism_threads(),
            tf.config.threading.get_inter_op_parallelism_threads())


def test_a_local_worker_imports_tensorflow_as_it_starts_with_one_thread_per_pool_and_no_profiler(bars):
    with OnDask(workers=1) as executor:
        executor.start(market_request(bars, method="holdout"))
        assert list(executor.client.run(_worker_setup).values()) == [(False, 1, 1)]


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def start_cluster(tmp_path):
    """Starts `dask scheduler` and `workers` `dask worker`s on 127.0.0.1, as separate processes, and returns
    the scheduler's address; all are stopped afterwards."""
    processes, log = [], open(tmp_path / "cluster.log", "wb")
    env = {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2"}

    def start(workers: int = 1) -> str:
        port = free_port()
        address = f"tcp://127.0.0.1:{port}"
        scheduler = subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                      "--no-dashboard"], stdout=log, stderr=subprocess.STDOUT, env=env)
        processes.append(scheduler)
        wait_until(lambda: _answers(port) or scheduler.poll() is not None, 60, what="the scheduler's port")
        processes.extend(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard",
                                           "--host", "127.0.0.1"], cwd=tmp_path, stdout=log,
                                          stderr=subprocess.STDOUT, env=env) for _ in range(workers))
        return address

    yield start
    for process in reversed(processes):  # killed: a graceful close takes seconds and proves nothing here
        process.kill()
        process.wait()
    log.close()


@pytest.fixture
def cluster(start_cluster) -> str:
    return start_cluster(1)


def test_a_cluster_reached_by_address_runs_trials_and_cancel_stops_them_within_a_second(studies, bars, cluster):
    request = market_request(bars, method="holdout")
    executor = OnDask(address=cluster)
    study, events, ended = run_small_study(studies, request, executor, trials=2, name="remote")
    assert ended and [e.state for e in events.finished()].count("complete") >= 1, events.finished()
    assert any(isinstance(e, TrialProgress) for e in events.events)  # progress came back from the worker
    assert studies.path("remote").is_file()

    space = SearchSpace.build("CIPO", {**SPECS, "epochs": "1000", "early_stopping": "false"},
                              request.hyperparameters)
    long = open_study(studies, "long", request, space, "f1", True, False)
    cancel, events, ended = threading.Event(), Recorder(), []
    executor = OnDask(address=cluster)
    executor.start(request, on_progress=events)
    thread = threading.Thread(target=lambda: ended.append(run_study(long, request, space, executor, 3, None,
                                                                    cancel, events)))
    thread.start()
    try:
        wait_until(lambda: any(isinstance(e, TrialProgress) and re.search(r"epoch ([2-9]|\d\d+)/", e.text)
                               for e in events.events), 60, what="the trial training on the worker")
        cancelled_at = time.monotonic()
        cancel.set()
        thread.join(10)
        took = time.monotonic() - cancelled_at
    finally:
        executor.close()
    assert ended == [False] and took < 2.0, took  # ~1 s, plus the worker's progress and result round trips
    assert [e.state for e in events.finished()] == ["cancelled"] and counted(studies.load("long")) == 0


def test_a_scheduler_address_that_does_not_answer_is_reported_within_ten_seconds(bars):
    executor = OnDask(address=f"tcp://127.0.0.1:{free_port()}")
    began = time.monotonic()
    with pytest.raises(TradePulseError, match=r"the Dask scheduler at tcp://127\.0\.0\.1:\d+ did not answer"):
        executor.start(market_request(bars))
    assert time.monotonic() - began < 10


def test_a_cluster_reached_by_address_fails_the_trial_of_a_worker_that_died_instead_of_running_it_again(
        studies, bars, start_cluster):
    address = start_cluster(2)
    with Client(address) as client:  # both up before the data is sent: each keeps a copy
        client.wait_for_workers(2, timeout=60)

    def trial_0_training(executor, events):
        # Killed once the trial has begun (a task that never began may run elsewhere: nothing was done twice).
        wait_until(lambda: any(isinstance(e, TrialProgress) and e.number == 0 for e in events.events), 60,
                   what="trial 0 training on a worker")
        return _running_on(executor, 0)

    ended, events, _ = _study_killing_a_worker(studies, bars, OnDask(address=address), "k", 3, trial_0_training)
    assert ended == [True]
    finished = {e.number: e for e in events.finished()}
    # The scheduler gave trial 0 to the other worker (its default allows 3 failures): it came back failed.
    assert finished[0].state == "failed" and finished[0].error == "the worker running this trial died"
    assert sorted(finished) == [0, 1, 2] and [finished[n].state for n in (1, 2)] == ["complete", "complete"]

"""Where trials run, behind one interface: in this process one at a time (the default), on a Dask
LocalCluster of worker processes, or on an existing Dask cluster reached by its scheduler's address.

Handles are futures (concurrent.futures or distributed): the study polls done() and asks result().
Cancel is cooperative: running Dask tasks cannot be interrupted, so each trial checks a cancel event
(a threading.Event here, a distributed.Event on a cluster) from its Keras callbacks.
"""

import importlib
import logging
import socket
import threading
import uuid
from concurrent import futures

from tradepulse.errors import TradePulseError
from tradepulse.tuning.events import TrialProgress
from tradepulse.tuning.objective import FAILED, WORKER_DIED, TrialResult, TrialTask, run_trial

CONNECT_SECONDS = 8  # an address that does not answer is reported within 10 s
# A LocalCluster lives for one study and serves no dashboard, but Dask's defaults keep a dashboard fed: a
# statistical profiler samples the running trial every 10 ms (measured here: 15 % more CPU per trial) and
# health and memory checks wake every 20-100 ms in every process. On 2 cores that time is the trials'.
QUIET = {"distributed.worker.profile.enabled": False, "distributed.admin.tick.interval": "1s",
         "distributed.worker.memory.monitor-interval": "1s", "distributed.admin.system-monitor.interval": "2s"}
# Each worker starts importing TensorFlow as it starts (objective.dask_setup), while the cluster and the
# study are still being set up, instead of in its first trial.
PRELOAD = "tradepulse.tuning.objective"


class Executor:
    """Runs trials of one study; start() once with the request whose data every trial uses."""

    where = "this machine"

    def start(self, request, on_progress=None) -> None:
        raise NotImplementedError

    def slots(self) -> int:
        """How many trials can run at once now."""
        return 1

    def submit(self, task: TrialTask):
        raise NotImplementedError

    def wait(self, handles: list, seconds: float) -> list:
        """The handles that are done, as soon as one is; none if none is within `seconds`."""
        return list(futures.wait(handles, seconds, futures.FIRST_COMPLETED).done)

    def result(self, handle, number: int) -> TrialResult:
        try:
            return handle.result()
        except Exception as exc:  # the worker died, or the task could not run there
            return TrialResult(number, FAILED, error=self.describe(exc))

    def describe(self, exc: Exception) -> str:
        return f"{type(exc).__name__}: {exc}"

    def cancel(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class InProcess(Executor):
    """One trial at a time in a thread of this process: no set-up, TensorFlow's default threads."""

    def start(self, request, on_progress=None):
        self._request, self._on_progress = request, on_progress
        self._cancel = threading.Event()
        self._pool = futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="trial")

    def submit(self, task):
        return self._pool.submit(run_trial, self._request, task, self._cancel, self._on_progress)

    def cancel(self):
        self._cancel.set()

    def close(self):
        self._pool.shutdown(wait=True)


class OnDask(Executor):
    """Trials as Dask tasks: on a LocalCluster of `workers` processes (one thread each), or on the cluster
    whose scheduler listens at `address`. The data goes to the cluster once; tasks return metrics only."""

    def __init__(self, workers: int | None = None, address: str | None = None):
        if (workers is None) == (address is None):
            raise TradePulseError("give either a number of local workers or a scheduler address")
        if workers is not None and not 1 <= workers <= 64:
            raise TradePulseError(f"workers must be from 1 to 64, got {workers}")
        self.workers, self.address, self.cluster = workers, address, None
        self.where = f"the Dask cluster at {address}" if address else f"{workers} local worker processes"

    def _connect(self):
        import dask
        from distributed import Client, LocalCluster
        from distributed.comm import parse_address, parse_host_port

        if self.address is None:
            # A trial whose worker dies is failed at once (not retried elsewhere): the study goes on.
            with dask.config.set({"distributed.scheduler.allowed-failures": 0, **QUIET}):
                self.cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.ERROR, preload=[PRELOAD])
            return Client(self.cluster)
        try:
            # A plain connection first: Dask's own client retries a refused one until its timeout.
            host, port = parse_host_port(parse_address(self.address)[1])
            socket.create_connection((host, port), timeout=CONNECT_SECONDS).close()
            return Client(self.address, timeout=f"{CONNECT_SECONDS}s")
        except Exception as exc:  # refused, timed out, not an address, or something else answered
            reason = f"{type(exc).__name__}: {exc}" if isinstance(exc, (OSError, ValueError)) else "not a Dask scheduler"
            raise TradePulseError(f"the Dask scheduler at {self.address} did not answer ({reason}); check the address "
                                  "and that `dask scheduler` runs there") from None

    def start(self, request, on_progress=None):
        from distributed import Event

        self.client = self._connect()
        try:  # workers run trials by importing the project: say so at once if one cannot
            self.client.run(importlib.import_module, PRELOAD)
        except ImportError as exc:
            self.close()
            raise TradePulseError(f"a worker of {self.where} cannot import this project ({exc}): install it there "
                                  "and start `dask worker` from its folder") from None
        key = uuid.uuid4().hex
        self._cancel, self._topic = Event(f"tradepulse-cancel-{key}", client=self.client), f"tradepulse-{key}"
        # Sent once, to every worker (a worker that dies leaves the copies of the others); tasks refer to it.
        self._data = self.client.scatter(request, hash=False, broadcast=True)
        if on_progress is not None:
            self.client.subscribe_topic(self._topic, lambda event: on_progress(_progress(event[1])))

    def slots(self):
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, task):
        from tradepulse.tuning.objective import run_on_worker

        return self.client.submit(run_on_worker, self._data, task, self._cancel.name, self._topic, pure=False,
                                  key=f"trial-{task.number}-{uuid.uuid4().hex[:8]}")

    def wait(self, handles, seconds):
        from distributed import wait
        from distributed.client import FuturesCancelledError

        try:
            wait(handles, timeout=seconds, return_when=futures.FIRST_COMPLETED)
        except (TimeoutError, FuturesCancelledError):  # none done yet; a cancelled one is done (result() says why)
            pass
        return [handle for handle in handles if handle.done()]

    def describe(self, exc):
        if type(exc).__name__ == "KilledWorker":
            return WORKER_DIED
        return super().describe(exc)

    def cancel(self):
        self._cancel.set()

    def close(self):
        client, cluster = getattr(self, "client", None), self.cluster
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()


def _progress(message: dict):
    return TrialProgress(int(message["number"]), float(message["fraction"]), str(message["text"]))


def executor_for(workers: int | None = None, address: str | None = None) -> Executor:
    """In this process unless local workers or a scheduler address are asked for."""
    if workers is None and not address:
        return InProcess()
    return OnDask(workers=workers, address=address or None)

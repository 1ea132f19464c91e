"""Studies in the data folder: one Optuna journal file per study under `<data dir>/studies/`.

The journal (append-only, fsynced, locked) is the study's only copy: the app writes it, workers never do.
A study's settings (model type, metric, search space, data, evaluation) are its user attributes, so a
study can be shown and resumed from its file alone.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

import optuna
from optuna.storages import JournalStorage
from optuna.storages.journal import JournalFileBackend, JournalFileOpenLock
from optuna.trial import TrialState

from tradepulse.errors import StorageError, TradePulseError
from tradepulse.storage.names import check_name

STUDIES_SUBDIR = "studies"
SUFFIX = ".journal"
SETTINGS = "tradepulse"  # the user attribute holding a study's settings
BEST_RUN = "best_run"  # ... and the run its best trial was trained into
REQUEUED = "requeued"  # the trials stopped (cancel, crash) and handed out again: they use no budget
optuna.logging.set_verbosity(optuna.logging.WARNING)  # no INFO line per trial on the terminal
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StudySummary:
    name: str
    settings: dict
    counts: dict  # trial state name: count
    best_value: float | None
    best_trial: int | None
    best_params: dict
    best_run: dict | None


class StudyStore:
    def __init__(self, data_root: Path):
        self.folder = Path(data_root) / STUDIES_SUBDIR

    def path(self, name: str) -> Path:
        return self.folder / f"{check_name(name, 'study name')}{SUFFIX}"

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def _storage(self, name: str) -> JournalStorage:
        path = str(self.path(name))
        return JournalStorage(JournalFileBackend(path, lock_obj=JournalFileOpenLock(path)))

    def create(self, name: str, settings: dict, sampler=None, pruner=None) -> optuna.Study:
        if self.exists(name):
            raise TradePulseError(f"study {name!r} exists: resume it or choose another name")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            study = optuna.create_study(storage=self._storage(name), study_name=name, direction="maximize",
                                        sampler=sampler, pruner=pruner)
        except OSError as exc:
            raise StorageError(f"cannot write the study {name!r} in {self.folder}: {exc}") from None
        study.set_user_attr(SETTINGS, settings)
        return study

    def load(self, name: str, sampler=None, pruner=None) -> optuna.Study:
        if not self.exists(name):
            raise TradePulseError(f"no study named {name!r} in {self.folder}")
        try:
            return optuna.load_study(study_name=name, storage=self._storage(name), sampler=sampler, pruner=pruner)
        except (KeyError, ValueError, OSError) as exc:
            raise StorageError(f"study {name!r} cannot be read: {exc}") from None

    def names(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name[:-len(SUFFIX)] for p in self.folder.iterdir()
                      if p.name.endswith(SUFFIX) and p.is_file() and not p.name.startswith("."))

    def summary(self, name: str) -> StudySummary:
        study = self.load(name)
        trials = study.get_trials(deepcopy=False)
        counts: dict[str, int] = {}
        requeued = set(study.user_attrs.get(REQUEUED, []))
        for trial in trials:
            state = "requeued" if trial.number in requeued else trial.state.name.lower()
            counts[state] = counts.get(state, 0) + 1
        best = max((t for t in trials if t.state is TrialState.COMPLETE), key=lambda t: t.value, default=None)
        return StudySummary(name, study.user_attrs.get(SETTINGS, {}), counts, best and best.value,
                            best and best.number, dict(best.params) if best else {},
                            study.user_attrs.get(BEST_RUN))

    def summaries(self) -> tuple[list[StudySummary], list[str]]:
        """Every readable study, and a line for each journal that could not be read (it is skipped)."""
        found, skipped = [], []
        for name in self.names():
            try:
                found.append(self.summary(name))
            except Exception as exc:  # a foreign or broken file never hides the others
                logger.warning("skipped study %s: %s", name, exc)
                skipped.append(f"{name}: {exc}")
        return found, skipped

    def delete(self, name: str) -> None:
        path = self.path(name)
        if not path.is_file():
            raise TradePulseError(f"no study named {name!r} in {self.folder}")
        try:
            path.unlink()
        except OSError as exc:
            raise StorageError(f"cannot delete study {name!r}: {exc}") from None

"""Median pruning of a trial from its per-epoch validation loss, inside the Keras fits (imports Keras).

A trial's step is fit × STRIDE + epoch, counting fits (folds, and members of an Ensemble) as they begin:
every trial is compared with the others at the same fold and epoch, and a fold that early stopping ended
sooner simply has no later steps. The pruner sees the study's completed trials as they were when the
trial was handed out, so it can decide on the worker, with no round trip per epoch.
"""

import keras
import optuna

from tradepulse.errors import TrainingCancelled

STRIDE = 1000  # above the epochs cap (1000): steps of two fits never meet
STARTUP_TRIALS = 3  # completed trials needed before any pruning
WARMUP_STEPS = 2  # the first fit's first epochs are noise: never pruned on
optuna.logging.set_verbosity(optuna.logging.WARNING)  # a worker's in-memory copy is no news for its log


def step(fit: int, epoch: int) -> int:
    return fit * STRIDE + epoch


class MedianProbe:
    """Optuna's MedianPruner on an in-memory copy of the study's completed trials' intermediate values."""

    def __init__(self, completed: tuple[dict, ...], enabled: bool):
        self.values: dict[int, float] = {}
        self._trial = None
        if enabled:
            study = optuna.create_study(direction="maximize", sampler=optuna.samplers.RandomSampler(),
                                        pruner=optuna.pruners.MedianPruner(STARTUP_TRIALS, WARMUP_STEPS))
            study.add_trials([optuna.trial.create_trial(state=optuna.trial.TrialState.COMPLETE, value=0.0,
                                                        intermediate_values={int(k): v for k, v in c.items()})
                              for c in completed])
            self._trial = study.ask()

    def report(self, at: int, value: float) -> bool:
        """Record the value at step `at`; whether the trial should stop."""
        self.values[at] = value
        if self._trial is None:
            return False
        self._trial.report(value, at)
        return self._trial.should_prune()


class PruningCallback(keras.callbacks.Callback):
    """Reports −val_loss (the study maximises) each epoch; raises TrialPruned when the median says so."""

    def __init__(self, probe: MedianProbe, cancel):
        super().__init__()
        self.probe, self.cancel, self._fit = probe, cancel, -1

    def on_train_begin(self, logs=None):
        self._fit += 1

    def on_epoch_end(self, epoch, logs=None):
        if self.cancel.is_set():
            raise TrainingCancelled()
        val_loss = (logs or {}).get("val_loss")
        if val_loss is not None and self.probe.report(step(self._fit, epoch + 1), -float(val_loss)):
            raise optuna.TrialPruned(f"pruned at fit {self._fit + 1}, epoch {epoch + 1}")

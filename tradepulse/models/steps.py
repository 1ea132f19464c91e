"""A fit made in steps (trees or boosting rounds added with warm_start) reported to the run's Keras callbacks
as if each step were an epoch: progress, learning curve, cancel and tuning's pruning work unchanged."""

import numpy as np


def schedule(total: int, steps: int = 20) -> list[int]:
    """Cumulative sizes (e.g. trees) after each of at most `steps` steps, ending at total."""
    return sorted({int(np.ceil(total * (i + 1) / steps)) for i in range(min(steps, total))})


class StepReport:
    """Calls the callbacks' epoch hooks. The progress callback raises TrainingCancelled from on_epoch_begin
    when the run is cancelled, so a step is the most a cancel waits for."""

    def __init__(self, callbacks, steps: int):
        self.callbacks = list(callbacks)
        for callback in self.callbacks:
            callback.set_params({"epochs": steps, "steps": 0, "verbose": 0})
            callback.on_train_begin()

    def begin(self, step: int):
        for callback in self.callbacks:
            callback.on_epoch_begin(step)

    def end(self, step: int, loss: float, val_loss: float):
        for callback in self.callbacks:
            callback.on_epoch_end(step, {"loss": loss, "val_loss": val_loss})

    def finish(self):
        for callback in self.callbacks:
            callback.on_train_end()

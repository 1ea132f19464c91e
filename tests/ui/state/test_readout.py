"""The line under the progress bar: an ETA only once an epoch after the first has been timed, paced without
the first epoch's graph building, and how the job ended once it is over."""

from tradepulse.training import EpochResult, Phase, Progress
from tradepulse.ui.state.eta import EtaEstimate
from tradepulse.ui.state.training import readout


def snapshot(epochs_done: int, elapsed: float, fraction: float, phase=Phase.TRAINING, **fields) -> Progress:
    history = tuple(EpochResult("CIPO", e, 0.7, 0.69, "Fold 1/5") for e in range(1, epochs_done + 1))
    return Progress(phase=phase, fraction=fraction, elapsed=elapsed, history=history, epoch=epochs_done,
                    epochs=20, loss=0.7 if epochs_done else None, val_loss=0.69 if epochs_done else None,
                    stage="Fold 1/5", stage_count=6, **fields)


def test_no_eta_until_an_epoch_after_the_first_is_timed_then_the_pace_leaves_the_first_out():
    eta = EtaEstimate()
    assert eta.update(snapshot(0, 2.0, 0.02)) is None
    # The first epoch took 3 s, most of it building the graph: extrapolated, that would read ~400 s.
    assert eta.update(snapshot(1, 3.0, 0.0275)) is None
    assert eta.update(snapshot(1, 3.05, 0.028)) is None  # a batch inside epoch 2: not a whole epoch yet
    # Epoch 2 took 0.1 s for 0.0075 of the bar: the remaining 0.885 takes about 11.8 s.
    assert round(eta.update(snapshot(2, 3.1, 0.035)), 1) == 11.8
    assert eta.update(snapshot(2, 3.2, 0.92, phase=Phase.EVALUATING)) is None


def test_the_readout_while_training_names_the_fit_the_epoch_the_losses_and_the_eta():
    assert readout(snapshot(3, 5.0, 0.1), "training", eta=95.4) == \
        "Fold 1/5 · Epoch 3/20 · loss 0.7000 · val_loss 0.6900 · ETA 95 s"
    assert readout(snapshot(3, 5.0, 0.1), "training", eta=250).endswith("ETA 4 min")
    # A new member starts at epoch 0: the previous member's losses are not its own.
    starting = snapshot(0, 5.0, 0.1, member="CIPO", member_count=3)
    assert readout(starting, "training") == "Fold 1/5 · CIPO Epoch 0/20"
    assert readout(snapshot(3, 9.0, 0.92, phase=Phase.EVALUATING), "training", eta=3) == "Fold 1/5 · Evaluating…"


def test_after_the_job_the_readout_says_how_it_ended_not_a_frozen_eta():
    last = snapshot(3, 7.2, 0.3)
    assert readout(last, "completed", eta=40, seconds=12.4) == "Finished after 12 s"
    assert readout(last, "cancelled", eta=40, seconds=7.9) == "Cancelled after 8 s"
    assert readout(last, "failed", eta=40) == "Failed after 7 s"  # no record: the last snapshot's time
    assert readout(Progress(), "idle") == ""

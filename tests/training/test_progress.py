import pytest

from tradepulse.training.progress import Phase, ProgressTracker


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_fraction_grows_with_batches_across_ensemble_members_and_eta_follows():
    clock, seen = Clock(), []
    tracker = ProgressTracker(seen.append, member_count=3, min_interval=0.0, clock=clock)
    tracker.phase(Phase.PREPARING)
    tracker.phase(Phase.TRAINING)
    fractions = []
    for member in range(3):
        tracker.member(member, f"M{member}")
        tracker.train_begin(epochs=2, batches=4)
        for epoch in (1, 2):
            tracker.epoch_begin(epoch)
            for done in range(4):
                tracker.batch_begin(done)
                fractions.append(tracker.snapshot.fraction)
                clock.now += 1  # each batch takes a second
            tracker.epoch_end(epoch, 0.5, 0.6)
    assert fractions == sorted(fractions) and len(set(fractions)) == len(fractions)
    finished = tracker.snapshot
    assert finished.fraction == pytest.approx(0.92) and finished.eta == 0.0
    assert [h.member for h in finished.history] == ["M0", "M0", "M1", "M1", "M2", "M2"]
    # Second member, second epoch, two batches done: 14 of 24 batches in 14 s, so 10 s remain.
    middle = next(s for s in seen if (s.member, s.epoch, s.batch) == ("M1", 2, 2))
    assert middle.eta == pytest.approx(10)


def test_batch_events_are_throttled_but_epochs_and_phases_always_pass():
    clock, seen = Clock(), []
    tracker = ProgressTracker(seen.append, min_interval=1.0, clock=clock)
    tracker.phase(Phase.TRAINING)
    tracker.train_begin(epochs=1, batches=100)
    for batch in range(100):
        clock.now += 0.05
        tracker.batch_begin(batch)
    tracker.epoch_end(1, 0.9, 0.8)
    batch_events = [s for s in seen if 0 < s.batch < 100]
    assert 3 <= len(batch_events) <= 6  # five seconds of batches at most one a second
    assert seen[-1].history[-1].loss == 0.9 and seen[-1].val_loss == 0.8


def test_phases_mark_their_place_on_the_bar():
    tracker = ProgressTracker(None)
    tracker.phase(Phase.EVALUATING)
    assert tracker.snapshot.fraction == 0.92
    tracker.phase(Phase.DONE)
    assert tracker.snapshot.fraction == 1.0 and tracker.snapshot.phase is Phase.DONE

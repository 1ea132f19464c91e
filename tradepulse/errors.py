"""Errors whose message is shown to the user as it is (one line, no traceback)."""


class TradePulseError(ValueError):
    """Bad input or state that the user can fix; the message says what is wrong."""


class DataError(TradePulseError):
    """A dataset that cannot be read or used for training or prediction."""


class StorageError(TradePulseError):
    """A record or saved model that cannot be written, read or named safely."""


class TrainingCancelled(Exception):
    """Raised inside a training job when its cancel event is set."""

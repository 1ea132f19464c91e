"""scikit-learn estimators saved with skops: a format that rebuilds objects from a list of allowed types
instead of running code, as pickle and joblib would. A file that asks for any other type is refused."""

from pathlib import Path

import skops.io as sio

from tradepulse.errors import StorageError

FILE_NAME = "model.skops"
# Types skops does not trust by default but that our estimators are made of (checked against the file).
TRUSTED = frozenset({
    "sklearn.tree._tree.Tree",  # a random forest's trees
    "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",  # boosting's trees
})


def save_estimator(estimator, folder: Path) -> None:
    sio.dump(estimator, Path(folder) / FILE_NAME)


def load_estimator(folder: Path, expected: type):
    """The estimator in folder, if the file names only trusted types and holds an `expected`."""
    path = Path(folder) / FILE_NAME
    try:
        untrusted = set(sio.get_untrusted_types(file=path))
        refused = sorted(untrusted - TRUSTED)
        if refused:
            raise StorageError(f"saved model {path.name} asks for types TradePulse does not load: "
                               f"{', '.join(refused)}")
        estimator = sio.load(path, trusted=sorted(untrusted))
    except StorageError:
        raise
    except Exception as exc:  # skops reports damaged files with many exception types
        raise StorageError(f"saved model {path.name} cannot be read: {type(exc).__name__}: {exc}") from exc
    if type(estimator) is not expected:
        raise StorageError(f"saved model {path.name} holds a {type(estimator).__name__}, "
                           f"not a {expected.__name__}")
    return estimator

"""Turn frame features into model inputs with what was learned from the training rows only."""

import numpy as np
import pandas as pd
from pandas.api import types

from tradepulse.data.frame import Frame
from tradepulse.errors import DataError, StorageError

_FIELDS = ("kind", "target_name", "numeric", "medians", "means", "scales", "categories", "classes")
# Numbers beyond VALUE_LIMIT are errors in the data, not signal: clipping them keeps the variance from
# overflowing (values of 1e200 already do). Scaled values are clipped at Z_LIMIT standard deviations
# so that the float32 inputs stay finite whatever a later file holds.
VALUE_LIMIT = 1e100
Z_LIMIT = 1e4


def _plain(value):
    """A JSON-friendly label: whole floats become int (market labels are 0.0/1.0)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _clipped(numbers: np.ndarray) -> np.ndarray:
    return np.clip(numbers, -VALUE_LIMIT, VALUE_LIMIT)  # NaN stays NaN, for the imputer


def label_classes(labels: pd.Series) -> list:
    """The sorted distinct labels, as plain JSON values."""
    return sorted({_plain(value) for value in labels.dropna().tolist()})


def encode_labels(labels: pd.Series, classes: list, target_name) -> np.ndarray:
    """Index into `classes` per label; -1 where the label is missing."""
    codes = pd.Index(classes).get_indexer(labels.to_numpy())
    unseen = (codes < 0) & labels.notna().to_numpy()
    if unseen.any():
        examples = ", ".join(map(repr, labels[unseen].drop_duplicates().head(5).tolist()))
        raise DataError(f"target '{target_name}' has values never seen in training: {examples}")
    return codes.astype(np.int64)


class Preprocessor:
    """Median imputation and standard scaling of numbers, one-hot categories, label classes."""

    def __init__(self, kind, target_name, numeric, medians, means, scales, categories, classes):
        self.kind = kind
        self.target_name = target_name
        self.numeric = list(numeric)
        self.medians = np.asarray(medians, dtype=np.float64)
        self.means = np.asarray(means, dtype=np.float64)
        self.scales = np.asarray(scales, dtype=np.float64)
        self.categories = {column: list(values) for column, values in categories.items()}
        self.classes = list(classes)
        one_hot = [f"{column}={value}" for column, values in self.categories.items() for value in values]
        self.feature_names = self.numeric + one_hot

    @classmethod
    def fit(cls, frame: Frame, rows: np.ndarray, classes: list | None = None) -> "Preprocessor":
        """Learn from the given rows (positions or a boolean mask) of the frame, nothing else.

        classes, when given, fixes the label classes (so every fold of a run shares one output layout)."""
        rows = np.asarray(rows)
        rows = np.flatnonzero(rows) if rows.dtype == bool else rows
        if len(rows) == 0:
            raise DataError("no training rows to learn the preprocessing from")
        train = frame.features.iloc[rows]
        numeric = [c for c, dtype in train.dtypes.items() if types.is_numeric_dtype(dtype)]
        medians = means = scales = []
        if numeric:
            # Imported here: scikit-learn costs most of a second, which the page's start-up need not pay.
            from sklearn.impute import SimpleImputer
            from sklearn.preprocessing import StandardScaler

            # Columns empty in training are kept (imputed with 0) so the inputs keep their shape.
            imputer = SimpleImputer(strategy="median", keep_empty_features=True)
            filled = imputer.fit_transform(_clipped(train[numeric].to_numpy(np.float64)))
            scaler = StandardScaler().fit(filled)
            medians, means, scales = imputer.statistics_, scaler.mean_, scaler.scale_
        text = [c for c in train.columns if c not in numeric]
        categories = {c: sorted(train[c].dropna().astype(str).unique().tolist()) for c in text}
        if classes is None:
            classes = [] if frame.labels is None else label_classes(frame.labels.iloc[rows])
        return cls(frame.kind, frame.target_name, numeric, medians, means, scales, categories, classes)

    def missing_columns(self, frame: Frame) -> list[str]:
        """Feature columns used in training that the frame lacks (a column empty in every row is dropped)."""
        return [c for c in self.numeric + list(self.categories) if c not in frame.features.columns]

    def transform(self, frame: Frame, fill_missing: bool = False) -> np.ndarray:
        """float32 inputs [frame.n_rows, len(feature_names)] for every row, without NaN.

        fill_missing: columns absent from the frame take the training medians (numbers) or no category,
        as missing values do; otherwise their absence is an error."""
        absent = self.missing_columns(frame)
        if absent and not fill_missing:
            raise DataError(f"the data lacks feature column(s) used in training: {', '.join(absent)}")
        features = frame.features.assign(**{c: np.nan for c in absent if c in self.numeric})
        dtypes = features.dtypes
        text = [c for c in self.numeric if not types.is_numeric_dtype(dtypes[c])]
        if text:
            raise DataError(f"column(s) {', '.join(text)} hold text here but numbers in training")
        numbers = _clipped(features[self.numeric].to_numpy(np.float64))  # a new array: changed in place below
        np.copyto(numbers, self.medians, where=np.isnan(numbers))
        numbers -= self.means
        with np.errstate(over="ignore"):  # a huge value over a tiny scale: clipped just below
            numbers /= self.scales
        np.clip(numbers, -Z_LIMIT, Z_LIMIT, out=numbers)
        blocks = [numbers]
        for column, values in self.categories.items():
            if column in absent:
                blocks.append(np.zeros((len(features), len(values)), dtype=bool))
                continue
            seen = features[column].astype(str).to_numpy(object)[:, None]
            blocks.append(seen == np.array(values, dtype=object)[None, :])  # unknown or missing: all zeros
        return (np.hstack(blocks) if len(blocks) > 1 else numbers).astype(np.float32)

    def encode_labels(self, labels: pd.Series) -> np.ndarray:
        return encode_labels(labels, self.classes, self.target_name)

    def to_dict(self) -> dict:
        """Plain JSON types only, so a saved model needs no pickle."""
        return {
            "kind": self.kind,
            "target_name": self.target_name,
            "numeric": list(self.numeric),
            "medians": self.medians.tolist(),
            "means": self.means.tolist(),
            "scales": self.scales.tolist(),
            "categories": {column: list(values) for column, values in self.categories.items()},
            "classes": list(self.classes),
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Preprocessor":
        missing = [field for field in _FIELDS if field not in d]
        if missing:
            raise StorageError(f"saved preprocessing lacks {', '.join(missing)}")
        if not len(d["numeric"]) == len(d["medians"]) == len(d["means"]) == len(d["scales"]):
            raise StorageError("saved preprocessing is inconsistent: column and statistic counts differ")
        return cls(**{field: d[field] for field in _FIELDS})

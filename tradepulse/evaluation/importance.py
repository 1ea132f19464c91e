"""Permutation importance of a fold's model on its own scored test rows: how much worse its out-of-sample
log loss gets when one input column's values are shuffled among those rows (as scikit-learn's
permutation_importance does, for any model of our contract, including those that read lookback windows)."""

import numpy as np
from sklearn.metrics import log_loss

METHOD, METRIC = "permutation", "log_loss"
TOP = 20  # features kept in the record, most important first
REPEATS = 3  # shuffles per column: the spread of their results is the reported std


def permutation_importance(model, X, groups, usable, rows, labels, names, n_classes: int, seed: int,
                           context: int = 0, check=lambda: None) -> dict:
    """The importance of each of X's columns (named by names) for the model's predictions of `rows` (true
    classes `labels`). context: rows before the first scored row that windowed models need as history;
    only that span of X is predicted, which keeps a fold's importance cheap. check() is called between
    columns (it raises to cancel)."""
    start, stop = max(0, int(rows.min()) - context), int(rows.max()) + 1
    X, groups, usable, local = X[start:stop], groups[start:stop], usable[start:stop], rows - start
    classes = list(range(n_classes))

    def predict(inputs):
        return model.predict_proba(inputs, groups, usable)[local]

    scored = ~np.isnan(predict(X)).any(axis=1)
    local, labels = local[scored], labels[scored]

    def loss(inputs) -> float:
        return log_loss(labels, np.clip(predict(inputs), 1e-7, 1), labels=classes)

    base, rng, found = loss(X), np.random.default_rng(seed), []
    for column, name in enumerate(names):
        check()
        drops = []
        for _ in range(REPEATS):
            shuffled = X.copy()
            shuffled[local, column] = X[rng.permutation(local), column]
            drops.append(loss(shuffled) - base)
        found.append({"feature": str(name), "importance": round(float(np.mean(drops)), 6),
                      "std": round(float(np.std(drops)), 6)})
    found.sort(key=lambda item: item["importance"], reverse=True)
    return {"method": METHOD, "metric": METRIC, "features": found[:TOP]}

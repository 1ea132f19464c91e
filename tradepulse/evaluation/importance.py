"""Permutation importance of a fold's model on its own scored test rows: how much worse its out-of-sample
log loss gets when one input column's values are shuffled among those rows (as scikit-learn's
permutation_importance does, for any model of our contract, including those that read lookback windows)."""

import numpy as np

METHOD, METRIC = "permutation", "log_loss"
TOP = 20  # features kept in the record, most important first
REPEATS = 3  # shuffles per column: the spread of their results is the reported std
STACKED_ROWS = 60_000  # rows of shuffled copies predicted in one call


def permutation_importance(model, X, groups, usable, rows, labels, names, seed: int, context: int = 0,
                           check=lambda: None) -> dict:
    """The importance of each of X's columns (named by names) for the model's predictions of `rows` (true
    classes `labels`). context: rows before the first scored row that windowed models need as history;
    only that span of X is predicted, which keeps a fold's importance cheap. check() is called between
    calls (it raises to cancel)."""
    start, stop = max(0, int(rows.min()) - context), int(rows.max()) + 1
    X, groups, usable, local = X[start:stop], groups[start:stop], usable[start:stop], rows - start

    proba = model.predict_proba(X, groups, usable)[local]
    scored = ~np.isnan(proba).any(axis=1)
    local, labels = local[scored], labels[scored]

    picked = np.arange(len(labels))

    def loss_of(proba) -> float:  # scikit-learn's log loss, without its per-call checks (40-60 calls a run)
        return float(-np.log(np.clip(proba[picked, labels], 1e-7, 1)).mean())

    base, rng = loss_of(proba[scored]), np.random.default_rng(seed)
    # Every shuffled copy of the span, stacked under its own group ids (so no window reaches into another
    # copy) and predicted a chunk of copies per call: one call's overhead for many copies, not one each.
    shuffles = [(column, rng.permutation(local)) for column in range(len(names)) for _ in range(REPEATS)]
    span, group_step = len(X), int(groups.max()) + 1 if len(groups) else 1
    per_call, drops = max(1, STACKED_ROWS // span), []
    for first in range(0, len(shuffles), per_call):
        check()
        chunk = shuffles[first:first + per_call]
        copies = []
        for column, order in chunk:
            copy = X.copy()
            copy[local, column] = X[order, column]
            copies.append(copy)
        stacked_groups = np.concatenate([groups + k * group_step for k in range(len(chunk))])
        proba = model.predict_proba(np.concatenate(copies), stacked_groups, np.tile(usable, len(chunk)))
        drops.extend(loss_of(proba[k * span + local]) - base for k in range(len(chunk)))
    found = []
    for column, name in enumerate(names):
        mine = drops[column * REPEATS:(column + 1) * REPEATS]
        found.append({"feature": str(name), "importance": round(float(np.mean(mine)), 6),
                      "std": round(float(np.std(mine)), 6)})
    found.sort(key=lambda item: item["importance"], reverse=True)
    return {"method": METHOD, "metric": METRIC, "features": found[:TOP]}

"""Comparing real runs: only what differs, the best of each metric, comparability warnings, seed groups."""

import numpy as np
import pytest

from tradepulse.errors import TradePulseError
from tradepulse.reports.compare import BEST_MARK, compare_runs
from tradepulse.reports.fields import RUN


def rows_by_key(comparison) -> dict:
    return {row.field.key: row for row in comparison.rows}


def test_only_settings_that_differ_are_flagged_and_identifiers_never_are(runs):
    comparison = compare_runs(runs.load(runs.seeds[0], runs.deeper))
    differing = {row.field.key for row in comparison.differing()}
    assert "hyperparameters.hidden_layers" in differing
    assert not {"hyperparameters.seed", "hyperparameters.epochs", "data.datasets", "model_name"} & differing
    rows = rows_by_key(comparison)
    for key in ("run_id", "timestamp", "duration_seconds", "model_path", "evaluation.fit_seconds"):
        assert rows[key].field.section == RUN and not rows[key].differs
        assert len(set(rows[key].texts)) == 2, key  # they do differ in value, and still do not count
    assert rows["hyperparameters.hidden_layers"].texts == ("2", "3")
    # The diff-only table holds exactly the differing rows; a CIPO run shows no ADM-only setting.
    assert len(comparison.table()) == len(comparison.differing()) < len(comparison.table(only_differences=False))
    assert "hyperparameters.lookback" not in rows and "hyperparameters.mc_samples" not in rows


def test_the_best_value_of_each_metric_row_is_marked_by_its_direction(runs):
    records = runs.load(*runs.seeds)
    rows = rows_by_key(compare_runs(records))
    for key, pick in (("performance_metrics.accuracy", max), ("performance_metrics.log_loss", min),
                      ("trading_metrics.strategy.max_drawdown_pct", max), ("trading_metrics.strategy.sharpe", max)):
        values = [r["performance_metrics"].get(key.split(".")[-1]) if key.startswith("performance")
                  else r["trading_metrics"]["strategy"][key.split(".")[-1]] for r in records]
        if len(set(values)) < 2:
            assert rows[key].best == ()
            continue
        assert rows[key].best == tuple(i for i, v in enumerate(values) if v == pick(values)), key
    assert rows["trading_metrics.strategy.trades"].best == ()  # neither more nor fewer trades is better
    assert rows["trading_metrics.buy_and_hold.total_return_pct"].best == ()  # one value for all: no mark
    table = compare_runs(records).table()
    marked = rows["performance_metrics.accuracy"].best
    row = table[table["Field"] == "Model: accuracy"].iloc[0]
    assert [row[run].endswith(BEST_MARK) for run in runs.seeds] == [i in marked for i in range(3)]


def test_runs_alike_but_for_the_seed_are_comparable(runs):
    assert compare_runs(runs.load(*runs.seeds)).warnings == ()


def test_a_different_cost_or_dataset_is_a_named_warning(runs):
    warnings = compare_runs(runs.load(runs.seeds[0], runs.costly)).warnings
    assert len(warnings) == 1 and warnings[0].startswith("Different cost settings (Cost (bps per side))")
    assert f"5 in {runs.seeds[0]}" in warnings[0] and f"20 in {runs.costly}" in warnings[0]
    warnings = compare_runs(runs.load(runs.seeds[0], runs.table)).warnings
    assert any(w.startswith("Different data (Datasets): bars.csv") and "table.csv" in w for w in warnings)
    assert any(w.startswith("Different target") for w in warnings)
    assert any(w.startswith("Different test windows") for w in warnings)


def test_runs_differing_only_in_seed_are_grouped_as_mean_and_std(runs):
    records = runs.load(*runs.seeds, runs.deeper, runs.costly)
    [group] = compare_runs(records).seed_groups
    assert group.run_ids == runs.seeds and group.seeds == (1, 2, 3)
    spreads = {spread.field.key: spread for spread in group.metrics}
    for key, path in (("performance_metrics.f1_score", ("performance_metrics", "f1_score")),
                      ("trading_metrics.strategy.sharpe", ("trading_metrics", "strategy", "sharpe"))):
        values = []
        for record in records[:3]:
            value = record
            for step in path:
                value = value[step]
            values.append(value)
        assert spreads[key].mean == pytest.approx(np.mean(values))
        assert spreads[key].std == pytest.approx(np.std(values))
        assert spreads[key].count == 3
    f1 = spreads["performance_metrics.f1_score"]
    assert f1.text == f"{f1.mean:.2f}% ± {f1.std:.2f}"


@pytest.mark.parametrize("count", [1, 7])
def test_two_to_six_runs_can_be_compared(runs, count):
    records = runs.load(*runs.seeds) * 3
    with pytest.raises(TradePulseError, match=f"give 2 to 6 runs, not {count}"):
        compare_runs(records[:count])


def test_a_run_given_twice_is_refused(runs):
    with pytest.raises(TradePulseError, match="given more than once"):
        compare_runs(runs.load(runs.seeds[0], runs.seeds[0]))

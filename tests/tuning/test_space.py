"""The search space: defaults per model type, the spec syntax, and bad ranges refused with one clear line."""

import pytest

from tradepulse.config import MODEL_TYPES
from tradepulse.errors import TradePulseError
from tradepulse.models.hyperparameters import Hyperparameters, applies
from tradepulse.tuning.metrics import check_metric, metric_value
from tradepulse.tuning.space import SearchSpace, SpaceError, parse


def test_the_defaults_follow_the_issue_and_only_what_the_model_type_reads():
    cipo = SearchSpace.build("CIPO").specs()
    assert cipo["learning_rate"] == "1e-4:1e-2:log" and cipo["batch_size"] == "16,32,64,128"
    assert cipo["hidden_layers"] == "1:10" and cipo["dropout"] == "0:0.5" and cipo["units"] == "16:256:log"
    assert "lookback" not in cipo and "recurrent_cell" not in cipo and "mc_samples" not in cipo
    adm = SearchSpace.build("ADM").specs()
    assert adm["lookback"] == "5:60" and adm["recurrent_cell"] == "lstm,gru" and "mc_samples" not in adm
    assert SearchSpace.build("BICIPO").specs()["mc_samples"] == "10:50"
    assert SearchSpace.build("CIPO").base.epochs == 20  # a cap, fixed: early stopping ends fits sooner


@pytest.mark.parametrize("model_type", MODEL_TYPES)
def test_every_model_type_gets_a_valid_default_space_of_settings_it_reads(model_type):
    space = SearchSpace.build(model_type)
    assert space.searched and all(applies(d.name, model_type) for d in space.dimensions)


def test_specs_give_ranges_choices_and_fixed_values():
    rate = parse("learning_rate", "1e-4:1e-2:log")
    assert (rate.low, rate.high, rate.log, rate.searched) == (1e-4, 1e-2, True, True)
    layers = parse("hidden_layers", "2:4")
    assert (layers.low, layers.high) == (2, 4) and isinstance(layers.low, int)
    assert parse("batch_size", "32,64").choices == (32, 64)
    fixed = parse("epochs", "3")
    assert not fixed.searched and fixed.value == 3
    space = SearchSpace.build("CIPO", {"epochs": "3", "early_stopping": "false"}, Hyperparameters(units=8))
    assert space.base.epochs == 3 and space.base.early_stopping is False and space.base.units == 8
    assert space.hyperparameters({"hidden_layers": 4}).hidden_layers == 4


@pytest.mark.parametrize("name, spec, words", [
    ("learning_rate", "1e-2:1e-4", "low end 0.01 is above its high end 0.0001"),
    ("hidden_layers", "0:12", "hidden_layers must be between 1 and 10, got 0"),
    ("hidden_layers", "1:11", "hidden_layers must be between 1 and 10, got 11"),
    ("dropout", "0:0.5:log", "a log range needs a low end above 0"),
    ("units", "8.5:16", "is not a int value"),
    ("recurrent_cell", "lstm:gru", "is not a range"),
    ("nonsense", "1:2", "unknown hyperparameter 'nonsense'"),
])
def test_bad_ranges_are_refused_with_the_settings_name(name, spec, words):
    with pytest.raises(SpaceError) as caught:
        SearchSpace.build("ADM", {name: spec})
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_a_setting_the_model_type_does_not_read_is_refused():
    with pytest.raises(SpaceError, match="lookback does not change a CIPO run"):
        SearchSpace.build("CIPO", {"lookback": "5:10"})


def test_trading_metrics_need_market_data():
    assert check_metric("sharpe", "market") == "sharpe"
    with pytest.raises(TradePulseError, match="sharpe needs market data"):
        check_metric("sharpe", "table")
    with pytest.raises(TradePulseError, match="unknown metric 'profit'"):
        check_metric("profit", "market")
    results = {"performance_metrics": {"f1_score": 51.5}, "trading_metrics": {"strategy": {"sharpe": -0.25}}}
    assert metric_value(results, "f1") == 51.5 and metric_value(results, "sharpe") == -0.25
    assert metric_value(results, "roc_auc") is None

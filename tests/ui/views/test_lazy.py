"""The page's lazily built parts: built when needed, rebuilt when what they show changes, never twice for
nothing."""

import panel as pn
import param

from tradepulse.ui.state.training import IDLE, TRAINING
from tradepulse.ui.views.lazy import built_once_trained, built_when_opened, rebuilt


class Choice(param.Parameterized):
    kind = param.String("a")
    size = param.Integer(1)
    status = param.String(IDLE)


def shown(column: pn.Column) -> list:
    return [view.object for view in column.objects]


def test_rebuilt_follows_every_parameter_and_shows_nothing_for_none():
    choice, builds = Choice(), []

    def build(kind, size):
        builds.append((kind, size))
        return None if kind == "none" else pn.pane.Str(f"{kind}{size}")

    column = rebuilt(build, choice.param.kind, choice.param.size)
    assert shown(column) == ["a1"]
    choice.size = 2
    assert shown(column) == ["a2"]
    choice.kind = "none"
    assert column.objects == []
    assert builds == [("a", 1), ("a", 2), ("none", 2)]


def test_a_tab_is_built_the_first_time_it_is_opened_and_only_then():
    tabs, builds = pn.Tabs(("First", pn.pane.Str("first")), dynamic=True), []
    built_when_opened(tabs, "Second", lambda: builds.append(1) or pn.pane.Str("second"))
    assert len(tabs) == 2 and builds == []
    tabs.active = 1
    tabs.active = 0
    tabs.active = 1
    assert builds == [1] and shown(tabs[1]) == ["second"]


def test_a_part_is_built_when_training_first_starts_and_kept_after():
    choice, builds = Choice(), []
    column = built_once_trained(choice.param.status, lambda: builds.append(1) or pn.pane.Str("chart"),
                                lambda: pn.pane.Str("nothing yet"))
    assert shown(column) == ["nothing yet"] and builds == []
    choice.status = TRAINING
    choice.status = IDLE
    choice.status = TRAINING
    assert builds == [1] and shown(column) == ["chart"]
    assert shown(built_once_trained(choice.param.status, lambda: pn.pane.Str("at once"))) == ["at once"]

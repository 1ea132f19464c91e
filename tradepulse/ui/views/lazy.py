"""Parts of the page built only when a trader needs them: a session that never uses them pays nothing."""

from typing import Callable

import panel as pn
import param

from tradepulse.ui.state.training import IDLE


def built_when_shown(build: Callable[[], pn.viewable.Viewer]) -> pn.param.ParamFunction:
    """A hidden tab's view, built the first time the tab is opened."""
    return pn.param.ParamFunction(build, lazy=True, sizing_mode="stretch_width")


def built_once_trained(status: param.Parameter, build: Callable[[], pn.viewable.Viewable],
                       placeholder: Callable[[], pn.viewable.Viewable] = pn.Column) -> pn.viewable.Viewable:
    """`placeholder()` until the session's first training starts, then `build()`, once: a Bokeh chart costs a
    page a tenth of a second of server time and more of the browser's, for a figure with nothing to show."""
    built = []

    def shown(value):
        if value == IDLE:
            return placeholder()
        if built:
            raise param.Skip  # shown already: the part follows its state by itself
        built.append(build())
        return built[0]

    return pn.panel(pn.bind(shown, status), sizing_mode="stretch_width")


def built_when_expanded(card: pn.Card, build: Callable[[], pn.viewable.Viewable]) -> pn.Card:
    """A collapsed card whose contents are built the first time it is opened."""

    def opened(event):
        if not event.new and not card.objects:
            card.objects = [build()]

    card.param.watch(opened, "collapsed")
    return card

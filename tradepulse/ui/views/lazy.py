"""Parts of the page built only when a trader needs them, or again when what they show changes: a session
pays for no part it never uses. Plain columns and watchers, not pn.bind's ParamFunction, which costs a page
about three times as much (two more Panel objects and a dependency resolver each)."""

from typing import Callable

import panel as pn
import param

from tradepulse.ui.state.training import IDLE


def _value(parameter: param.Parameter):
    return getattr(parameter.owner, parameter.name)


def rebuilt(build: Callable[..., pn.viewable.Viewable | None], *parameters: param.Parameter) -> pn.Column:
    """A column showing build(*the parameters' values) (nothing for None), built again whenever one of them
    changes."""
    def current() -> list:
        view = build(*map(_value, parameters))
        return [] if view is None else [view]

    column = pn.Column(*current(), sizing_mode="stretch_width")

    def changed(_):
        column.objects = current()

    for parameter in parameters:
        parameter.owner.param.watch(changed, parameter.name)
    return column


def built_when_opened(tabs: pn.Tabs, title: str, build: Callable[[], pn.viewable.Viewable]) -> None:
    """Adds a tab whose view is built the first time it is opened (tabs must be dynamic: hidden tabs are not
    rendered)."""
    index, holder = len(tabs), pn.Column(sizing_mode="stretch_width")
    tabs.append((title, holder))

    def opened(event):
        if event.new == index and not holder.objects:
            holder.objects = [build()]

    tabs.param.watch(opened, "active")


def built_once_trained(status: param.Parameter, build: Callable[[], pn.viewable.Viewable],
                       placeholder: Callable[[], pn.viewable.Viewable] | None = None) -> pn.Column:
    """`placeholder()` (or nothing) until the session's first training starts, then `build()`, once: a Bokeh
    chart costs a page a tenth of a second of server time and more of the browser's, for a figure with nothing
    to show."""
    column = pn.Column(sizing_mode="stretch_width")
    if _value(status) != IDLE:
        column.objects = [build()]
        return column
    if placeholder is not None:
        column.objects = [placeholder()]

    def started(event):
        if event.new != IDLE:
            status.owner.param.unwatch(watcher)  # shown: the part follows its state by itself
            column.objects = [build()]

    watcher = status.owner.param.watch(started, status.name)
    return column


def built_when_expanded(card: pn.Card, build: Callable[[], pn.viewable.Viewable]) -> pn.Card:
    """A collapsed card whose contents are built the first time it is opened."""

    def opened(event):
        if not event.new and not card.objects:
            card.objects = [build()]

    card.param.watch(opened, "collapsed")
    return card

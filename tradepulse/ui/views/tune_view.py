"""The Tune tab: model, objective, search space, budget and where trials run; Start, Cancel, Resume; the
live trials table, the best value so far, the running trials and the parameters' importance."""

from functools import partial

import panel as pn
import param
from bokeh.models import ColumnDataSource
from bokeh.plotting import figure

from tradepulse.tuning.space import SearchSpace
from tradepulse.ui.state.form import EVALUATION
from tradepulse.ui.state.tuning import CLUSTER, LOCAL, RUNNING, TuningState
from tradepulse.ui.views.safe import plot_title, table, text

SPEC_HELP = ("Each setting: `LOW:HIGH` a range, `LOW:HIGH:log` on a log scale, `A,B,C` a choice, or one value "
             "to fix it.")


class BestSoFarChart:
    """The best objective value after each finished trial, as a step line."""

    def __init__(self):
        self.source = ColumnDataSource({"trial": [], "best": []})
        self.figure = figure(height=240, sizing_mode="stretch_width", x_axis_label="trial",
                             y_axis_label="best value so far", tools="pan,wheel_zoom,reset,save")
        self.figure.title = plot_title("Best value so far")
        self.figure.step("trial", "best", source=self.source, mode="after", line_width=2, color="#0b3d5c")
        self.figure.scatter("trial", "best", source=self.source, size=6, color="#0b3d5c")
        self.figure.xaxis.ticker.min_interval = 1

    def show(self, curve) -> None:
        # On the document's next tick: a change to a Bokeh model outside its lock raises.
        pn.state.execute(partial(self._draw, list(curve)), schedule=True)

    def _draw(self, curve) -> None:
        self.source.data = {"trial": [n for n, _ in curve], "best": [v for _, v in curve]}


class TuneView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=TuningState)

    def __init__(self, **params):
        super().__init__(**params)
        self._chart = BestSoFarChart()
        self.state.param.watch(lambda event: self._chart.show(event.new), "best_curve")

    def _space(self, specs_for_type):
        s = self.state
        inputs = []
        for name, spec in specs_for_type.items():
            box = pn.widgets.TextInput(label=name, value=spec, sizing_mode="stretch_width")
            box.param.watch(lambda event, name=name: s.set_spec(name, event.new), "value")
            inputs.append(box)
        return pn.Column(*inputs, sizing_mode="stretch_width")

    def _buttons(self) -> pn.Row:
        s = self.state
        busy = pn.bind(lambda status: status == RUNNING, s.param.status)
        idle = pn.bind(lambda status: status != RUNNING, s.param.status)
        return pn.Row(pn.widgets.Button.from_param(s.param.start, button_type="primary", disabled=busy),
                      pn.widgets.Button.from_param(s.param.cancel, button_type="warning", disabled=idle),
                      pn.widgets.Button.from_param(s.param.resume, button_type="light", disabled=busy))

    def __panel__(self):
        s = self.state
        space = pn.bind(lambda model_type: self._space(SearchSpace.build(model_type).specs()), s.param.model_type)
        where = pn.Column(
            pn.widgets.Select.from_param(s.param.where, sizing_mode="stretch_width"),
            pn.widgets.IntInput.from_param(s.param.workers, visible=pn.bind(lambda w: w == LOCAL, s.param.where)),
            pn.widgets.TextInput.from_param(s.param.scheduler, sizing_mode="stretch_width",
                                            visible=pn.bind(lambda w: w == CLUSTER, s.param.where)),
            sizing_mode="stretch_width")
        settings = pn.Column(
            "### Tune",
            text("*Data: the datasets chosen in the sidebar ({})*", s.data.param.status),
            pn.widgets.Select.from_param(s.param.model_type, sizing_mode="stretch_width"),
            pn.widgets.Select.from_param(s.param.metric, sizing_mode="stretch_width"),
            pn.Param(s.evaluation, parameters=list(EVALUATION), show_name=False, sizing_mode="stretch_width"),
            pn.Card(pn.pane.Markdown(SPEC_HELP), space, title="Search space", sizing_mode="stretch_width",
                    margin=(5, 10)),
            pn.widgets.IntInput.from_param(s.param.trials),
            pn.widgets.IntInput.from_param(s.param.timeout),
            pn.widgets.Checkbox.from_param(s.param.pruning),
            where,
            pn.widgets.TextInput.from_param(s.param.study_name, sizing_mode="stretch_width"),
            self._buttons(),
            text("**Status:** {}", s.param.message),
            width=380,
        )
        results = pn.Column(
            "**Trials**", table(s.param.trials_table, pagination="remote", page_size=10, sizing_mode="stretch_width"),
            pn.pane.Bokeh(self._chart.figure, sizing_mode="stretch_width"),
            "**Running trials**", table(s.param.running, sizing_mode="stretch_width"),
            "**Parameters' importance** (after a few completed trials)",
            table(s.param.importances, sizing_mode="stretch_width"),
            text("**Best run:** {}", pn.bind(lambda run: run or "none yet", s.param.best_run)),
            sizing_mode="stretch_width",
        )
        return pn.Row(settings, results, sizing_mode="stretch_width")

"""Model choice, hyperparameters, Train / Cancel, the progress bar, readout and learning curve."""

import panel as pn
import param

from tradepulse.ui.state.form import EVALUATION, advanced_for, basic_for
from tradepulse.ui.state.training import TrainingState
from tradepulse.ui.views.chart_gallery import ChartGallery
from tradepulse.ui.views.charts import LearningCurve
from tradepulse.ui.views.lazy import built_once_trained, built_when_expanded, rebuilt
from tradepulse.ui.views.safe import text

INPUT_WIDGETS = {"learning_rate": {"type": pn.widgets.FloatInput, "format": "0.00000"},
                 "ensemble_members": {"type": pn.widgets.MultiChoice}}  # our type names, not user text


def _inputs(form, names) -> pn.Param:
    # Number inputs (not sliders) so a trader types exact values; the param bounds reject the rest.
    widgets = {name: {"type": pn.widgets.IntInput} for name in names
               if isinstance(form.param[name], param.Integer)}
    widgets.update({name: {"type": pn.widgets.FloatInput} for name in names
                    if type(form.param[name]) is param.Number})
    widgets.update({k: v for k, v in INPUT_WIDGETS.items() if k in names})
    return pn.Param(form, parameters=list(names), widgets=widgets, show_name=False, sizing_mode="stretch_width")


class TrainingView(pn.viewable.Viewer):
    state = param.ClassSelector(class_=TrainingState)

    def __init__(self, **params):
        super().__init__(**params)
        self._curve, self._shown_epochs = None, 0  # the chart is built when the session first trains
        self.state.param.watch(self._update_curve, "progress")

    def _learning_curve(self) -> pn.pane.Bokeh:
        self._curve = LearningCurve("Learning curve of the current fit")
        self._shown_epochs = len(self.state.progress.history)
        self._curve.show(self.state.progress.history)
        return pn.pane.Bokeh(self._curve.figure, sizing_mode="stretch_width")

    def _update_curve(self, event):
        history = event.new.history
        if self._curve is not None and len(history) != self._shown_epochs:  # redraw only when an epoch ends
            self._shown_epochs = len(history)
            self._curve.show(history)

    def _buttons(self) -> pn.Row:
        s = self.state
        watched = (s.param.status, s.data.param.status)  # why_not_train changes only with these
        blocked = pn.bind(lambda *_: s.why_not_train, *watched)
        train = pn.widgets.Button.from_param(s.param.train, button_type="primary",
                                             disabled=pn.bind(lambda *_: not s.can_train, s.param.status,
                                                              s.data.param.ready))
        cancel = pn.widgets.Button.from_param(s.param.cancel, button_type="warning",
                                              disabled=pn.bind(lambda _: not s.can_cancel, s.param.status))
        # The data status can name a user's file or column: shown as text.
        return pn.Row(train, cancel, text("*{}*", blocked, align="center",
                                          visible=pn.bind(lambda *_: bool(s.why_not_train), *watched)))

    def __panel__(self):
        s = self.state
        progress = pn.indicators.Progress(value=pn.bind(lambda p: round(100 * p.fraction), s.param.progress),
                                          max=100, sizing_mode="stretch_width", bar_color="primary")
        chosen = (s.param.model_type, s.form.param.ensemble_members)  # an Ensemble shows its members' settings
        members = rebuilt(lambda model_type: _inputs(s.form, ("ensemble_members",)) if model_type == "Ensemble"
                          else None, s.param.model_type)

        def inputs_for(names_for):
            return rebuilt(lambda model_type, members: _inputs(s.form, names_for(model_type, members)), *chosen)

        return pn.Column(
            "### Model",
            pn.widgets.Select.from_param(s.param.model_type, sizing_mode="stretch_width"),
            text("*{}*", pn.bind(lambda _: s.description, s.param.model_type)),
            members,
            inputs_for(basic_for),
            "**How the run is judged** (out of sample)",
            _inputs(s.evaluation, EVALUATION),
            # The widgets' own margin: the card's edges line up with the column's inputs.
            built_when_expanded(pn.Card(title="Advanced", collapsed=True, sizing_mode="stretch_width", margin=(5, 10)),
                                lambda: inputs_for(advanced_for)),
            ChartGallery(state=s),
            self._buttons(),
            progress,
            text("{}", pn.bind(lambda *_: s.readout_line(), s.param.progress, s.param.status, s.param.eta)),
            text("**Status:** {}", s.param.message),
            built_once_trained(s.param.status, self._learning_curve),
            sizing_mode="stretch_width",
        )

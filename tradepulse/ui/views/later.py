"""The views a page builds only when the trader opens them, imported then too: their charts bring Bokeh's
plotting module (about 0.12 s), which a launch to the Train tab never needs."""

import panel as pn

from tradepulse.ui.state.app_state import ModelsPanelState
from tradepulse.ui.state.background import Dispatch
from tradepulse.ui.state.run_report import describe


def no_run_details() -> pn.Column:
    return pn.Column("### Run details", describe(None), sizing_mode="stretch_width")


def run_details(state: ModelsPanelState) -> pn.viewable.Viewer:
    from tradepulse.ui.views.run_view import RunReportView

    return RunReportView(state=state.report)


def predict_tab(state: ModelsPanelState) -> pn.viewable.Viewer:
    from tradepulse.ui.views.predict_view import PredictView

    return PredictView(state=state.prediction)


def history_tab(state: ModelsPanelState) -> pn.viewable.Viewer:
    from tradepulse.ui.views.runs_view import SavedRunsView

    return SavedRunsView(state=state.runs)


def tune_tab(state: ModelsPanelState, dispatch: Dispatch) -> pn.viewable.Viewer:
    from tradepulse.ui.state.tuning import TuningState
    from tradepulse.ui.views.tune_view import TuneView

    return TuneView(state=TuningState(state.store, state.data, dispatch))

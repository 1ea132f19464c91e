"""A grid of example ChartCNN inputs for the chosen data, so the trader sees what the network sees."""

import io

import numpy as np
import panel as pn
import param

from tradepulse.errors import TradePulseError
from tradepulse.ui.state.chart_examples import chart_examples
from tradepulse.ui.state.training import TrainingState
from tradepulse.ui.views.lazy import rebuilt
from tradepulse.ui.views.safe import text

SCALE = 2  # screen pixels per image pixel: small charts stay sharp (nearest-neighbour)


def _png(image: np.ndarray) -> bytes:
    from PIL import Image  # a tenth of a second of import, paid when ChartCNN is first chosen, not at launch

    picture = Image.fromarray((image * 255).round().astype(np.uint8))  # 2-D uint8: greyscale
    picture = picture.resize((picture.width * SCALE, picture.height * SCALE), Image.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


class ChartGallery(pn.viewable.Viewer):
    """Shown while ChartCNN is the chosen type (or an Ensemble member); redrawn when the data or the
    chart settings change."""

    state = param.ClassSelector(class_=TrainingState)

    def _grid(self, model_type, members, lookback, image_size, *_):
        s = self.state
        if "ChartCNN" not in (model_type, *(members if model_type == "Ensemble" else ())) or not s.data.ready:
            return None
        try:
            examples = chart_examples(s.data.training_tables(), lookback, image_size, s.data.prices)
        except TradePulseError as exc:
            return text("*{}*", str(exc))
        cells = [pn.Column(pn.pane.PNG(_png(e.image), width=image_size * SCALE, height=image_size * SCALE),
                           text("{} {}  \n{}", e.ticker, e.time[:10], e.label, styles={"font-size": "11px"}))
                 for e in examples]
        return pn.Column(text("**What ChartCNN sees** ({} bars per chart, {} pixels)", lookback, image_size),
                         pn.GridBox(*cells, ncols=4), sizing_mode="stretch_width")

    def __panel__(self):
        s, form = self.state, self.state.form
        return rebuilt(self._grid, s.param.model_type, form.param.ensemble_members, form.param.lookback,
                       form.param.image_size, s.data.param.status, s.data.param.selected)

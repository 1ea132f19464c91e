"""What a launch and a first page cost: the Train tab is built without TensorFlow, scikit-learn, PIL or
Bokeh's plotting module (hidden tabs and charts import them when opened), and without Tabulator or Bokeh
plots on the page."""

import subprocess
import sys

from tests.support import REPO

PAGE = """
import sys
from bokeh.document import Document
from panel.io.state import set_curdoc
from tradepulse.storage import DatasetStore, RecordStore
from tradepulse.ui.app import new_session

store = RecordStore(sys.argv[1])
doc = Document()
with set_curdoc(doc):
    new_session(store, DatasetStore(sys.argv[1]))
kinds = sorted({type(model).__name__ for model in doc.models})
print(" ".join(kinds))
print(" ".join(name for name in ("tensorflow", "keras", "bokeh.plotting", "sklearn", "PIL") if name in sys.modules))
"""


def test_a_first_page_imports_no_tensorflow_nor_plotting_and_holds_no_table_widget_or_plot(tmp_path):
    result = subprocess.run([sys.executable, "-c", PAGE, str(tmp_path / "data")], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr
    kinds, imported = (result.stdout.splitlines() + [""])[:2]
    assert "Button" in kinds.split() and "Tabs" in kinds.split()  # the page was built
    assert not {"DataTabulator", "Figure", "Plot"} & set(kinds.split()), kinds
    assert imported == "", imported

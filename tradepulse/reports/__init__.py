"""Run comparison, Bokeh chart builders shared by the GUI and the report, and the self-contained HTML report."""

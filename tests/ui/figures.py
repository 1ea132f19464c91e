"""What the page's Bokeh figures show, read from BokehJS's documents (no pixels): titles, where legends
sit, ranges, tools and the points each named line draws. Only figures drawn now count: a replaced chart
or one in a hidden tab can linger in the document without a view."""

FIGURES_JS = """() => {
  const text = t => t == null ? "" : (typeof t === "string" ? t : (t.text ?? ""));
  const column = (source, key) => {
    const data = source.data;
    return Array.from((data instanceof Map ? data.get(key) : data[key]) ?? []);
  };
  const seen = [];
  for (const doc of Bokeh.documents) for (const m of doc.all_models) {
    if (m.type !== "Figure" || Bokeh.index.find_one_by_id(m.id) == null) continue;
    const sides = {};
    for (const side of ["above", "below", "left", "right", "center"]) sides[side] = m[side].map(x => x.type);
    seen.push({
      id: m.id,
      titles: [m.title, ...m.above].filter(x => x && x.type === "Title").map(x => text(x.text)),
      sides,
      x_range: [m.x_range.start, m.x_range.end, m.x_range.id],
      lines: m.renderers.filter(r => r.name).map(r => ({name: r.name, visible: r.visible,
                                                        x: column(r.data_source, r.glyph.x.field ?? "x")})),
      tools: m.toolbar.tools.map(t => ({type: t.type, tooltips: t.tooltips ?? null,
                                        x_range: t.x_range ? t.x_range.id : null})),
      legend_items: m.center.concat(m.right, m.above, m.below).filter(x => x.type === "Legend")
                    .flatMap(l => l.items.filter(i => i.visible).map(i => text(i.label.value ?? i.label))),
    });
  }
  return seen;
}"""


def figures(page) -> list[dict]:
    return page.evaluate(FIGURES_JS)


def titled(page, title: str) -> dict:
    """The one figure on the page with this title."""
    [found] = [f for f in figures(page) if title in f["titles"]]
    return found

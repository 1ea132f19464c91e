"""A file built off the event loop, then offered: a button that starts the build and a download that shows
once the file is ready."""

import panel as pn


def download(exports, path_param: str, name_param: str, label: str) -> pn.widgets.FileDownload:
    """A FileDownload of exports.<path_param>, visible while there is a file to offer."""
    widget = pn.widgets.FileDownload(label=label, button_type="success", visible=False, auto=True)

    def show(*_):
        path = getattr(exports, path_param)
        widget.param.update(file=path, filename=getattr(exports, name_param), visible=bool(path))

    exports.param.watch(show, [path_param, name_param])
    show()
    return widget

"""`python -m benchmarks [NAME ...]`: run the benchmarks (all by default) and print one table."""

import os
import sys
import time
import traceback

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from benchmarks import common  # noqa: E402

MODULES = ("training_overhead", "walk_forward", "launch", "roundtrip", "listing", "save_record", "prediction",
           "history", "history_page", "tuning", "model_types", "sessions")


def _table(rows: list[common.Row]) -> str:
    header = ("measure", "figure", "goal", "met", "notes")
    cells = [header] + [(r.measure, r.figure, r.goal, {True: "yes", False: "NO", None: ""}[r.met], r.note)
                        for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    lines = []
    for index, row in enumerate(cells):
        lines.append(" | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " | " + row[4])
        if index == 0:
            lines.append("-+-".join("-" * width for width in widths) + "-+-" + "-" * 5)
    return "\n".join(lines)


def main(names: list[str]) -> int:
    import importlib

    chosen = names or list(MODULES)
    unknown = sorted(set(chosen) - set(MODULES))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(MODULES)}", file=sys.stderr)
        return 2
    rows, started = [], time.perf_counter()
    load = os.getloadavg()[0]
    for name in chosen:
        print(f"running {name}…", file=sys.stderr, flush=True)
        began = time.perf_counter()
        try:
            rows += importlib.import_module(f"benchmarks.{name}").run()
        except Exception as exc:  # one broken benchmark must not hide the others' figures
            traceback.print_exc()
            first_line = (str(exc).splitlines() or [""])[0]
            rows.append(common.Row(name, "error", "", None, f"{type(exc).__name__}: {first_line}"))
        print(f"  {name}: {time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    print(f"TradePulse benchmarks — {common.machine()}")
    print(f"load average at start {load:.2f}, after {os.getloadavg()[0]:.2f}; "
          f"whole run {time.perf_counter() - started:.0f} s\n")
    print(_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The filtered history as CSV, every field flattened, formula-safe (cells defused with tradepulse/csv_export.py
when indexed; RFC 4180 line ends).

Written from the line the index keeps per run (no record file is read), in chunks, so that 100,000 runs
take seconds and never sit in memory all at once. A value is written as the record had it: an integer
stays 2 beside blanks, lists and objects are JSON text, a missing field is blank."""

import csv
from dataclasses import fields
from pathlib import Path

import orjson

from tradepulse.csv_export import defuse
from tradepulse.evaluation.metrics import METRIC_NAMES
from tradepulse.evaluation.trading import METRIC_KEYS
from tradepulse.history.filters import HistoryError, RunFilter, interrupted
from tradepulse.history.query import order_by
from tradepulse.models.hyperparameters import Hyperparameters
from tradepulse.storage.atomic import describe_os_error
from tradepulse.storage.index_rows import flat_fields
from tradepulse.training.record import INTERRUPTED

_CHUNK = 5_000
# Columns every export has, whatever runs match: today's hyperparameters and metrics.
STANDARD = (*(f"hyperparameters.{field.name}" for field in fields(Hyperparameters)),
            *(f"performance_metrics.{name}" for name in METRIC_NAMES),
            *(f"trading_metrics.{side}.{key}" for side in ("strategy", "buy_and_hold") for key in METRIC_KEYS))


def _field_sets(conn, where: str, params: list) -> tuple[list[str], dict[int, list[int] | None]]:
    """The header (every field any matching run has: the common ones first, then the others in the order met)
    and, per field set, where its cells go in it (None: in order, the set is the header)."""
    sets = [(set_id, orjson.loads(keys)) for set_id, keys in conn.execute(
        f"SELECT id, keys FROM field_sets WHERE id IN (SELECT DISTINCT field_set FROM runs {where}) ORDER BY id",
        params)]
    names = dict.fromkeys([*flat_fields({}), *STANDARD])
    for _, keys in sets:
        names.update(dict.fromkeys(keys))
    header = list(names)
    position = {name: index for index, name in enumerate(header)}
    return header, {set_id: None if keys == header else [position[key] for key in keys] for set_id, keys in sets}


def _write_rows(out, cursor, header: list[str], places: dict, dead: set) -> int:
    writer, status, count = csv.writer(out, lineterminator="\r\n"), header.index("status"), 0
    writer.writerow([defuse(name) for name in header])
    while rows := cursor.fetchmany(_CHUNK):
        for run_id, field_set, line in rows:
            place = places[field_set]
            if place is None and run_id not in dead:
                out.write(line)  # the usual case: the line as indexed
                continue
            cells = next(csv.reader([line]))
            if place is not None:
                spread = [""] * len(header)
                for index, value in zip(place, cells):
                    spread[index] = value
                cells = spread
            if run_id in dead:
                cells[status] = INTERRUPTED
            writer.writerow(cells)
        count += len(rows)
    return count


def export_csv(store, path: str | Path, filters: RunFilter = RunFilter(), sort: str = "time",
               descending: bool = True) -> int:
    """Write the runs matching `filters` to `path` as CSV; returns how many runs were written."""
    order = order_by(sort, descending)
    with store.index.reading() as conn:
        where, params = filters.where(conn)  # a bad filter is refused before the file is made
        header, places = _field_sets(conn, where, params)
        try:
            out = open(path, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise HistoryError(f"cannot write {path}: {describe_os_error(exc)}") from exc
        with out:
            cursor = conn.execute(f"SELECT run_id, field_set, line FROM runs JOIN run_flat USING (run_id) "
                                  f"{where} {order}", params)
            return _write_rows(out, cursor, header, places, set(interrupted(conn)))

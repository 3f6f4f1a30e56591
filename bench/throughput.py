"""Throughput, stage times, cache speed-up and memory of ``toolkit.analyze``.

Usage: ``python bench/throughput.py [CORPUS] [--batch-size N] [--subset N]``
(default corpus: ``../shared/corpora/wikinews/articles.jsonl`` next to the repository;
``make bench`` runs it). Every measurement runs in a fresh subprocess, so peak RSS
values do not mix and one run's memory cannot help another. All ratios printed are
measured in the same run:

* bare ``nlp.pipe`` (the full pipeline) vs ``toolkit.analyze`` (which runs the lean
  stand-in of toolkit/lean.py with the default model) in one process (words/s and
  their ratio), the time per stage, and the same with 2 processes;
* a cold vs a warm cache run;
* peak RSS for a subset of the corpus replicated 10 times vs once.

Times are wall clock; CPU seconds are printed too because on a shared machine wall
time also counts other people's work. The pipeline load is outside every timed span.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "wikinews" / "articles.jsonl"
STAGES = ("parse", "entities", "quotes", "claims", "framing")


# --------------------------------------------------------------------------- children

def _peak_rss_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_self_mb": own, "rss_children_mb": kids}


def _load(corpus: str, subset: int, copies: int) -> Any:
    import pandas as pd

    import toolkit as tk

    articles = tk.load_articles(corpus)
    if subset:
        articles = articles.iloc[:subset]
    if copies > 1:
        parts = []
        for k in range(copies):
            part = articles.copy()
            part["article_id"] = part["article_id"] + f"#copy{k}"
            parts.append(part)
        articles = pd.concat(parts, ignore_index=True)
    return articles


def child(args: argparse.Namespace) -> dict[str, Any]:
    """One measurement; returns a JSON-able dict (printed by the child)."""
    import toolkit as tk
    import toolkit.runner as runner
    from toolkit.nlp import load_pipeline

    articles = _load(args.corpus, args.subset, args.copies)
    texts = articles.loc[articles["status"] == "ok", "text"].tolist()
    nlp = load_pipeline(args.model)
    nlp("Warm up the pipeline.")
    out: dict[str, Any] = {"words": sum(len(t.split()) for t in texts),
                           "articles": len(articles), "model": args.model}
    cpu0, t0 = time.process_time(), time.perf_counter()
    if args.mode == "bare":
        for _ in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process):
            pass
    else:
        # Time spent inside the parser, as seen by the orchestrator (one process only).
        parse_time = [0.0]
        n_parsed = [0]
        real_parse = runner.parse

        def timed_parse(*a: Any, **kw: Any) -> Any:
            gen = real_parse(*a, **kw)
            while True:
                start = time.perf_counter()
                try:
                    doc = next(gen)
                except StopIteration:
                    parse_time[0] += time.perf_counter() - start
                    return
                parse_time[0] += time.perf_counter() - start
                n_parsed[0] += 1
                yield doc

        runner.parse = timed_parse
        result = tk.analyze(articles, nlp=nlp, batch_size=args.batch_size,
                            n_process=args.n_process, cache=args.cache)
        out["timings"] = dict(result.timings)
        out["parse_measured"] = parse_time[0]
        out["n_parsed"] = n_parsed[0]
        out["counts"] = {name: len(frame) for name, frame in result.frames().items()}
    out["wall"] = time.perf_counter() - t0
    out["cpu"] = time.process_time() - cpu0
    out.update(_peak_rss_mb())
    return out


def run_child(corpus: str, mode: str, *, model: str, batch_size: int, n_process: int = 1,
              cache: str | None = None, subset: int = 0, copies: int = 1) -> dict[str, Any]:
    cmd = [sys.executable, __file__, corpus, "--child", mode, "--model", model,
           "--batch-size", str(batch_size), "--n-process", str(n_process),
           "--subset", str(subset), "--copies", str(copies)]
    if cache:
        cmd += ["--cache", cache]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"measurement {mode} (n_process={n_process}) failed")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_wall"] = time.perf_counter() - t0
    return out


# --------------------------------------------------------------------------- report

def wps(m: dict[str, Any]) -> float:
    return m["words"] / m["wall"]


def peak(m: dict[str, Any]) -> float:
    return m["rss_self_mb"] + m["rss_children_mb"]


def stage_table(m: dict[str, Any]) -> str:
    t = dict(m["timings"])
    extraction = sum(t.get(s, 0.0) for s in ("entities", "quotes", "claims", "framing"))
    t["parse"] = m.get("parse_measured") or max(m["wall"] - extraction, 0.0)
    other = max(m["wall"] - extraction - t["parse"], 0.0)
    lines = [f"    {s:<9}{t.get(s, 0.0):8.2f} s  {t.get(s, 0.0) / m['wall']:6.1%}" for s in STAGES]
    lines.append(f"    {'other':<9}{other:8.2f} s  {other / m['wall']:6.1%}  (load, cache, glue)")
    return "\n".join(lines)


def check(name: str, value: float, target: float, *, at_most: bool = False) -> str:
    ok = value <= target if at_most else value >= target
    sign = "<=" if at_most else ">="
    return f"  [{'PASS' if ok else 'FAIL'}] {name}: {value:.2f} (target {sign} {target})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--model", default=None, help="spaCy model package (default: toolkit's)")
    parser.add_argument("--subset", type=int, default=32,
                        help="articles replicated for the 10x memory test (0: all)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--cache", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--copies", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        args.mode = args.child
        print(json.dumps(child(args)))
        return 0
    if not Path(args.corpus).exists():
        print(f"throughput: corpus not found: {args.corpus}\n"
              "Pass a JSONL/CSV file or folder of articles: python bench/throughput.py CORPUS",
              file=sys.stderr)
        return 2
    from toolkit.nlp import available_model

    model = args.model or available_model()
    if model is None:
        print("throughput: no spaCy model installed (see DEVELOPERS.md)", file=sys.stderr)
        return 2
    common = {"model": model, "batch_size": args.batch_size}
    started = time.perf_counter()
    print(f"corpus: {args.corpus}\nmodel: {model}, batch_size={args.batch_size}, "
          f"cpus={os.cpu_count()}, load average {os.getloadavg()[0]:.1f}", flush=True)
    def measure(label: str, mode: str, **kw: Any) -> dict[str, Any]:
        m = run_child(args.corpus, mode, **common, **kw)
        print(f"  measured {label:<34} wall {m['wall']:7.1f} s  cpu {m['cpu']:7.1f} s  "
              f"peak RSS {peak(m):6.0f} MB", flush=True)
        return m

    bare1 = measure("bare nlp.pipe, 1 process", "bare")
    full1 = measure("toolkit.analyze, 1 process", "analyze")
    bare2 = measure("bare nlp.pipe, 2 processes", "bare", n_process=2)
    full2 = measure("toolkit.analyze, 2 processes", "analyze", n_process=2)
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-cache-") as cache:
        cold = measure("analyze, cold cache", "analyze", cache=cache)
        warm = measure("analyze, warm cache", "analyze", cache=cache)
    once = measure("analyze, subset x1", "analyze", subset=args.subset)
    tenfold = measure("analyze, subset x10", "analyze", subset=args.subset, copies=10)
    print(f"\n{bare1['articles']} articles, {bare1['words']:,} words (whitespace-separated)")
    print("\none process")
    for label, m in (("bare nlp.pipe", bare1), ("toolkit.analyze", full1)):
        print(f"  {label:<16}{wps(m):9,.0f} words/s  wall {m['wall']:7.1f} s  "
              f"cpu {m['cpu']:7.1f} s  peak RSS {peak(m):6.0f} MB")
    ratio1 = wps(full1) / wps(bare1)
    cpu_ratio = bare1["cpu"] / full1["cpu"]
    print(f"  analyze / bare throughput: {ratio1:.2f} (by CPU seconds: {cpu_ratio:.2f})")
    print("  time per stage of toolkit.analyze:")
    print(stage_table(full1))
    print("\ntwo processes (n_process=2)")
    for label, m, one in (("bare nlp.pipe", bare2, bare1), ("toolkit.analyze", full2, full1)):
        print(f"  {label:<16}{wps(m):9,.0f} words/s  wall {m['wall']:7.1f} s  "
              f"peak RSS {peak(m):6.0f} MB (self + children)  x{wps(m) / wps(one):.2f} "
              "vs one process")
    ratio2 = wps(full2) / wps(full1)
    print("\ncache")
    speedup = cold["wall"] / warm["wall"]
    print(f"  cold {cold['wall']:7.2f} s, warm {warm['wall']:7.2f} s: warm is {speedup:.0f}x "
          f"faster (whole subprocess incl. imports and model load: cold "
          f"{cold['process_wall']:.1f} s, warm {warm['process_wall']:.1f} s)")
    print(f"  articles parsed: cold {cold['n_parsed']}, warm {warm['n_parsed']}"
          + ("" if warm["n_parsed"] == 0 else
             "  (misses: did the extraction code change between the two runs?)"))
    print("\nmemory (streaming)")
    scope = f"first {args.subset} articles" if args.subset else "whole corpus"
    print(f"  replicated corpus: {scope} ({once['words']:,} words) x1 vs x10 "
          f"({tenfold['words']:,} words)")
    rss_ratio = peak(tenfold) / peak(once)
    print(f"  peak RSS x1 {peak(once):.0f} MB, x10 {peak(tenfold):.0f} MB: ratio {rss_ratio:.2f}")
    print("\nacceptance (issue 6)")
    print(check("analyze / bare parse throughput, one process", ratio1, 0.85))
    print(check("2 processes / 1 process throughput of analyze", ratio2, 1.6))
    print(check("warm cache speed-up over cold", speedup, 30))
    print(check(f"peak RSS x10 / x1 ({scope})", rss_ratio, 1.5, at_most=True))
    print("acceptance (issue 15: the lean stand-in for attribute_ruler + lemmatizer)")
    print(check("analyze / bare full nlp.pipe throughput, one process", ratio1, 1.05))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    print(f"\nbench took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Parsing throughput over ../shared/corpora: clauses per second, all files, 10 repetitions.

    python bench/parse.py [--corpora ../shared/corpora] [--repeat 10]

The baseline measured in the same run is reading and decoding the same files
without parsing, so the printed ratio says what parsing adds on this machine.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from kg.corpus.loader import expand_paths, parse_paths
from kg.corpus.readers import read_source


def _timed(function) -> tuple[float, object]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpora", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpora")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    files = expand_paths([args.corpora])
    read_times, parse_times, clauses = [], [], 0
    for _ in range(args.repeat):
        read_times.append(_timed(lambda: [read_source(path) for path in files])[0])
        seconds, result = _timed(lambda: parse_paths(files))
        parse_times.append(seconds)
        clauses = result.clause_count
    total_clauses = clauses * args.repeat
    print(f"files: {len(files)}  clauses per pass: {clauses}  repetitions: {args.repeat}")
    print(f"read+decode only (baseline): median {statistics.median(read_times) * 1000:.1f} ms per pass")
    print(f"read+parse+resolve:          median {statistics.median(parse_times) * 1000:.1f} ms per pass")
    print(f"clauses per second: {total_clauses / sum(parse_times):,.0f}")
    print(f"parse/read time ratio: {statistics.median(parse_times) / statistics.median(read_times):.2f}")


if __name__ == "__main__":
    main()

"""Shared helpers for the benchmark scripts: timing whole processes, ratios, reporting.

Benchmarks print ratios against a baseline measured in the same run, alternating the
two so that the noise of a shared machine hits both alike. They never assert; a
figure over its target is reported, and ``run_all.py`` exits 1.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


@dataclass
class Figure:
    name: str
    value: float
    target: float
    unit: str  # "x" for ratios, "ms", "MB" ...
    detail: str = ""

    @property
    def met(self) -> bool:
        return self.value <= self.target

    def line(self) -> str:
        verdict = "ok" if self.met else "OVER TARGET"
        figure = f"{self.value:8.2f}{self.unit:<3} target <= {self.target:g}{self.unit}"
        return f"{self.name:<34} {figure}  {verdict}  {self.detail}"

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "value": round(self.value, 3),
            "target": self.target,
            "unit": self.unit,
            "met": self.met,
            "detail": self.detail,
        }


def env(**extra: str) -> dict[str, str]:
    # Bytecode caches stay on: installed copies have them, and compiling is not what we measure.
    base = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "NO_COLOR": "1"}
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    # A customer's server names no CA bundle in its environment (this CI machine does, which
    # makes every TLS context read the whole bundle): measure the usual case.
    base.pop("SSL_CERT_FILE", None)
    base.pop("SSL_CERT_DIR", None)
    base.update(extra)
    return base


def time_to_first_line(
    argv: Sequence[str], *, environ: dict[str, str] | None = None, timeout: float = 60
) -> float:
    """Seconds from spawning ``argv`` until it prints its first line (then wait for exit)."""
    environ = env() if environ is None else environ  # {} is a (deliberately) empty environment
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environ)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout)
    if not line or process.returncode != 0:
        raise RuntimeError(f"{argv} failed (exit {process.returncode})")
    return elapsed


def time_process(argv: Sequence[str], *, environ: dict[str, str] | None = None, timeout: float = 60) -> float:
    environ = env() if environ is None else environ
    started = time.perf_counter()
    result = subprocess.run(argv, capture_output=True, env=environ, timeout=timeout)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{argv} failed (exit {result.returncode}): {result.stderr.decode()[-500:]}")
    return elapsed


# A process started straight from this one reports this process's peak as its own: Linux keeps
# the larger of the peaks of the memory images a process had, and a fork (or vfork) child's first
# image is a copy of ours, servers and all. So a small launcher forks the command and reports it.
_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def peak_rss_kib(argv: Sequence[str], *, environ: dict[str, str] | None = None, check: bool = True) -> int:
    """Run ``argv`` and return its own peak RSS in KiB (Linux)."""
    launcher = [PYTHON, "-I", "-S", "-c", _LAUNCHER, *argv]
    environ = env() if environ is None else environ
    out = subprocess.run(launcher, capture_output=True, text=True, env=environ, check=True)
    peak, code = (int(word) for word in out.stdout.split())
    if check and code != 0:
        raise RuntimeError(f"{argv} failed ({code})")
    return peak


def alternate(measure_ours, measure_base, rounds: int) -> tuple[list[float], list[float]]:
    """Run both measurements alternately (after one warm-up each) and return the samples."""
    measure_ours()
    measure_base()
    ours, base = [], []
    for _ in range(rounds):
        ours.append(measure_ours())
        base.append(measure_base())
    return ours, base


def ratio_figure(name: str, ours: list[float], base: list[float], target: float) -> Figure:
    o, b = statistics.median(ours), statistics.median(base)
    return Figure(
        name, o / b, target, "x", f"median {o * 1000:.0f} ms vs baseline {b * 1000:.0f} ms, n={len(ours)}"
    )


def seconds_figure(
    name: str, ours: list[float], base: list[float], target: float, what: str, base_what: str
) -> Figure:
    """A figure in seconds (an absolute target), with the same-run baseline in its detail."""
    o, b = statistics.median(ours), statistics.median(base)
    detail = f"{what}: {o * 1000:.0f} ms vs {b * 1000:.0f} ms {base_what}, n={len(ours)}"
    return Figure(name, o, target, "s", detail)


def report(figures: list[Figure], *, as_json: bool = False) -> int:
    if as_json:
        print(json.dumps([f.to_dict() for f in figures], indent=2))
    else:
        for figure in figures:
            print(figure.line())
    return 0 if all(f.met for f in figures) else 1

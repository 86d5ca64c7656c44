"""Runs detection's ranked steps and answers as soon as the answer is known.

Every step has a rank (``pipeline.RANK``: mx, spf, cname, autoconfig, ispdb, guess). mx, spf,
cname and autoconfig start at once in threads; ispdb (a local table) is read when the MX answer
is in; guess starts when every step ranked above it except autoconfig has found nothing (it may
run alongside a slow web server). Detection answers as soon as no pending step could beat the
best answer found so far, so a company web server that never answers does not hold up an MX
match; what is still running is cancelled and reported as skipped. Without an answer, it waits
for the deadline, then reports the stragglers as ``timeout`` (``cancelled`` when the user
cancelled).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from wizard.core.detect.dns_queries import FAILED, FOUND, NO_DOMAIN, NO_NETWORK
from wizard.core.detect.pipeline import (
    CANCELLED,
    RANK,
    SKIPPED,
    STEPS,
    TIMEOUT,
    Context,
    Step,
    step_autoconfig,
    step_cname,
    step_guess,
    step_ispdb,
    step_mx,
    step_spf,
    timed,
)
from wizard.core.engine.api import CancelToken

GRACE = 0.25  # seconds past the deadline for steps that are about to report their own timeout
_POLL = 0.05  # how often the user's cancel is looked at while waiting
_AT_ONCE: tuple[Callable[[Context], Step], ...] = (step_mx, step_spf, step_cname, step_autoconfig)
_BEFORE_GUESS = ("mx", "spf", "cname", "ispdb")  # guess starts once these found nothing


def run_steps(ctx: Context, user_cancel: CancelToken, *, guess: bool) -> list[Step]:
    """Steps 2-7 in ``STEPS`` order; ``ctx.cancel`` is cancelled on return (stopping the rest)."""
    changed = threading.Condition()
    finished: dict[str, Step] = {}
    started: dict[str, float] = {}

    def launch(function: Callable[[Context], Step]) -> None:
        name = function.__name__.removeprefix("step_")
        started[name] = time.monotonic()

        def work() -> None:
            try:
                step = function(ctx)
            except Exception as error:  # a bug in one step must not lose the others
                step = Step(name, FAILED, answered=type(error).__name__)
            with changed:
                finished[name] = timed(step, started[name])
                changed.notify_all()

        threading.Thread(target=work, daemon=True, name=f"detect-{name}").start()

    with changed:
        for function in _AT_ONCE:
            launch(function)
        while True:
            if "ispdb" not in finished and "mx" in finished:
                started["ispdb"] = time.monotonic()
                finished["ispdb"] = timed(step_ispdb(ctx), started["ispdb"])  # a local table: no thread
            if "guess" not in started and "guess" not in finished:
                verdict = _guess_verdict(finished, guess)
                if verdict == "start":
                    launch(step_guess)
                elif verdict is not None:
                    finished["guess"] = verdict
            best = _best_rank(finished)
            pending = [name for name in STEPS[1:] if name not in finished]
            if not pending or (best is not None and all(RANK[name] > best for name in pending)):
                break
            if user_cancel.cancelled or ctx.left() <= -GRACE:
                break
            changed.wait(min(_POLL, max(0.0, ctx.left() + GRACE)))
        snapshot = dict(finished)
    ctx.cancel.cancel()  # the answer is known (or time is up): stop whatever still runs
    if "ispdb" not in snapshot:  # the MX answer never came: the address domain alone
        snapshot["ispdb"] = timed(step_ispdb(ctx), time.monotonic())
    best = _best_rank(snapshot)
    return [
        snapshot.get(name) or _unfinished(name, started.get(name), best, user_cancel) for name in STEPS[1:]
    ]


def _guess_verdict(finished: dict[str, Step], allowed: bool) -> Step | str | None:
    """ "start", a skipped Step, or None while the steps before it are still out."""
    if not allowed:
        return Step("guess", SKIPPED, answered="not asked")
    mx = finished.get("mx")
    if mx is not None and mx.status in (NO_DOMAIN, NO_NETWORK, TIMEOUT):
        return Step("guess", SKIPPED, answered=mx.status)
    if any(step.status == FOUND for step in finished.values()):
        return Step("guess", SKIPPED, answered="found by an earlier step")
    if all(name in finished for name in _BEFORE_GUESS):
        return "start"
    return None


def _best_rank(finished: dict[str, Step]) -> int | None:
    ranks = [RANK[name] for name, step in finished.items() if step.status == FOUND]
    return min(ranks) if ranks else None


def _unfinished(name: str, start: float | None, best: int | None, user_cancel: CancelToken) -> Step:
    if user_cancel.cancelled:
        status, answered = CANCELLED, ""
    elif best is not None:
        status, answered = SKIPPED, f"not needed: {STEPS[best]} answered first"
    else:
        status, answered = TIMEOUT, ""
    step = Step(name, status, answered=answered)
    return timed(step, start) if start else step

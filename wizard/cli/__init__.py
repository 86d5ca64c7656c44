"""The headless command line (``smtp-wizard <command>``), built on the Qt-free core only."""

from __future__ import annotations

import argparse
import os
import sys

from wizard import __version__
from wizard.cli import config_commands
from wizard.cli.common import EXIT_INVALID, EXIT_OK, InputRejected, reject

COMMANDS = ("providers", "detect", "validate", "export", "test", "probe")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smtp-wizard",
        allow_abbrev=False,
        description="邮件服务集成向导 / SMTP setup wizard. Without a command the desktop wizard opens.",
    )
    parser.add_argument("--version", action="version", version=f"smtp-wizard {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    config_commands.register(subparsers)
    try:
        from wizard.cli import test_commands
    except ImportError:  # the live-test commands are optional until the engine lands
        pass
    else:
        test_commands.register(subparsers)
    return parser


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INVALID
    try:
        return int(args.func(args))
    except InputRejected as rejected:
        return reject(args, rejected.issues)
    except BrokenPipeError:  # e.g. `smtp-wizard providers | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return 130

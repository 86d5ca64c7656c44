"""The headless command line (``smtp-wizard <command>``), built on the Qt-free core only."""

from __future__ import annotations

import importlib
import os
import sys

from wizard.cli.exit_codes import EXIT_CANCELLED, EXIT_INVALID, EXIT_OK
from wizard.cli.parsers import COMMANDS, build_parser

__all__ = ["COMMANDS", "build_parser", "run"]


def run(argv: list[str], *, server: bool = False) -> int:
    """``server``: run as the one-file server build, which names itself ``smtp-wizard-cli``."""
    from wizard.usage import cli_language, hoist_global_options, speaking

    argv = hoist_global_options(argv, COMMANDS)
    with speaking(cli_language(argv), json_errors="--json" in argv):
        parser = build_parser(server=server)
        args = parser.parse_args(argv)
        handler = getattr(args, "handler", None)
        if not handler:
            parser.print_help()
            return EXIT_INVALID
    module_name, _, function = handler.partition(":")
    command = getattr(importlib.import_module(f"wizard.cli.{module_name}"), function)
    from wizard.cli.output import InputRejected, reject

    try:
        return int(command(args))
    except InputRejected as rejected:
        return reject(args, rejected.issues)
    except BrokenPipeError:  # e.g. `smtp-wizard providers | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("cancelled", file=sys.stderr)
        return EXIT_CANCELLED

"""Entry point: ``smtp-wizard`` / ``python -m wizard``.

A command name (``providers``, ``export``, ``test`` ...) runs the headless CLI, which
never imports Qt; anything else opens the desktop wizard.
"""

from __future__ import annotations

import sys
from pathlib import Path


def wants_gui(argv: list[str]) -> bool:
    """No arguments, GUI options (``--demo``, ``--lang en`` ...) or a file to open: the wizard.
    A first word that is neither is a command (or a typo argparse should explain)."""
    if not argv:
        return True
    first = argv[0]
    if first in ("-h", "--help", "--version"):
        return False
    return first.startswith("-") or Path(first).is_file()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from wizard.cli import COMMANDS
    from wizard.usage import hoist_global_options

    argv = hoist_global_options(argv, COMMANDS)  # `--lang en providers` is the command too
    if (argv and argv[0] in COMMANDS) or not wants_gui(argv):
        from wizard.cli import run

        return run(argv)
    try:
        from wizard.ui.app import run_gui
    except ImportError as error:
        if "PySide6" not in str(error) and "wizard.ui" not in str(error):
            raise
        print(f"The desktop wizard is not available: {error}", file=sys.stderr)
        print("Use a command, for example: smtp-wizard providers", file=sys.stderr)
        return 1
    return run_gui(argv)


if __name__ == "__main__":
    sys.exit(main())

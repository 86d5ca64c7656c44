"""Entry point: ``smtp-wizard`` / ``python -m wizard``.

A command name (``providers``, ``export``, ``test`` ...) runs the headless CLI, which
never imports Qt; anything else opens the desktop wizard.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from wizard.cli import COMMANDS

    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        try:
            from wizard.ui.app import run_gui
        except ImportError as error:
            if "PySide6" not in str(error) and "wizard.ui" not in str(error):
                raise
            print(f"The desktop wizard is not available: {error}", file=sys.stderr)
            print("Use a command, for example: smtp-wizard providers", file=sys.stderr)
            return 1
        return run_gui(argv)
    from wizard.cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())

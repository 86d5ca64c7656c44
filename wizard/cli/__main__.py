"""``python -m wizard.cli``: the command line alone, the entry of the server build (no Qt inside),
so running it without a command prints the help instead of trying to open the wizard, and it
calls itself ``smtp-wizard-cli``."""

import sys

from wizard.cli import run

if __name__ == "__main__":
    sys.exit(run(sys.argv[1:], server=True))

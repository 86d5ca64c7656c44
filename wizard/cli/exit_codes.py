"""The command line's exit codes, in one table (documented in the README's CLI section).

Imports nothing: ``wizard.cli`` reads it before any command's module is loaded.
"""

EXIT_OK = 0  # done: the test passed, the file is written, the list is printed
EXIT_FAILED = 1  # the input was fine, the check was not: the test, the probe or a check failed
EXIT_INVALID = 2  # bad input: an option, a file or a value was refused (every issue printed)
EXIT_CANCELLED = 130  # Ctrl+C, as a shell reports SIGINT

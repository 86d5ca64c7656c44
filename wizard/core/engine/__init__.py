"""The Qt-free live-test engine: test send, diagnosis and port probing.

The package re-exports nothing: import each name from the module that defines it. ``api``
holds the data types and is cheap to import; ``session`` (``run_test``), ``probe`` and
``autofix`` pull in smtplib, ssl and the email package, so the wizard imports them only on
its worker thread, keeping them off its start-up path.
"""

"""The scheduled check (``smtp-wizard check``): one run of everything that can break after the
installation day, remembered in a small state file, reported for people and for monitoring.

``model`` holds the data, ``run`` measures (reusing the live-test engine, the domain check and
the catalog), ``state`` remembers and compares, ``outputs`` renders text, JSON, the Nagios
status line and the Prometheus textfile, ``timer`` writes the systemd units. Qt-free.
"""

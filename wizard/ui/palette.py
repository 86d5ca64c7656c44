"""Every colour the wizard paints with, named by what it means (one place to keep them apart).

Text colours are dark enough to read on the light window background (WCAG AA for normal text
against white is 4.5:1; the old second orange #ef6c00 gave about 3:1, so warnings use one orange).
"""

OK = "#2e7d32"  # passed, saved, verified
ERROR = "#c62828"  # a known fault
WARNING = "#b26a00"  # works, but look at this (stale outcome, junk folder, weak setting)
UNCERTAIN = "#8a4b00"  # a guessed diagnosis: amber, not the red of a known fault
BUSY = "#1565c0"  # running
MUTED = "#616161"  # secondary text: details, not checked
DISABLED = "#9e9e9e"  # a step that was skipped

WARNING_BACKGROUND = "#fff3e0"  # boxes that ask for care (guessed diagnosis, admin prerequisites)
WARNING_BORDER = "#ffb74d"
INFO_BACKGROUND = "#e8f1fb"  # boxes that only inform (the admin console)
INFO_BORDER = "#64a0dc"

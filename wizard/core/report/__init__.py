"""The support report: one file a customer sends to support (Markdown or self-contained HTML).

``facts`` gathers what the machine says about itself, ``sections`` turns a test result, the
settings and those facts into titled sections (every value redacted), and ``render`` writes
them as Markdown or HTML. Qt-free: the CLI (``test --report``) and the wizard share it.
"""

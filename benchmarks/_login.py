"""The benchmark servers' account, apart from the servers: the wizard's child process
(``_drive_wizard``) needs the login but must not import aiosmtpd, trustme and cryptography
(~25 MiB) into the process whose memory is measured."""

USER, PASSWORD = "bench@example.com", "bench-password"

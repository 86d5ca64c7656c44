"""The test mail: a real-looking message built with the email package, never by string concatenation.

163/126 reject bare "test" mails as spam (554 DT:SPM), so it carries a proper From with display
name, To, Date, Message-ID from the sender's domain, a meaningful bilingual subject and body, and
``Auto-Submitted: auto-generated`` so auto-responders stay quiet. Building it also checks the
header fields: ``EmailMessage`` refuses CR/LF, which is the last line of defence against
header injection (the engine rejects control characters before this already).
"""

from __future__ import annotations

import datetime as dt
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid

from wizard.core.addresses import address_to_unicode, domain_of, local_part_of
from wizard.core.i18n import tr
from wizard.core.settings import MailSettings

SEED_SENTENCE = "恭喜!您的邮件服务已经配置成功"  # what the installation guide tells users to expect
ENGLISH_LINE = "Congratulations! Your mail service is configured correctly."


def _address(display_name: str, address: str) -> Address:
    # The address is already in ASCII form (domain as A-label), so no SMTPUTF8 is needed.
    return Address(display_name=display_name, username=local_part_of(address), domain=domain_of(address))


def build_test_message(
    settings: MailSettings, recipient: str, *, lang: str | None = None, now: dt.datetime | None = None
) -> EmailMessage:
    smtp = settings.smtp
    now = now or dt.datetime.now().astimezone()
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = _address(settings.display_name, smtp.sender)
    message["To"] = _address("", recipient)
    message["Subject"] = tr("mail.subject", lang)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("smtp-wizard", domain=domain_of(smtp.sender))
    message["Auto-Submitted"] = "auto-generated"
    message["X-Mailer"] = "smtp-wizard"
    summary = [
        (tr("mail.server", lang), smtp.host_display),
        (tr("mail.port", lang), str(smtp.port)),
        (tr("mail.security", lang), tr(f"security.{smtp.security.value}", lang)),
        (tr("mail.account", lang), smtp.username or "-"),
        (tr("mail.sender", lang), address_to_unicode(smtp.sender)),
        (tr("mail.time", lang), now.strftime("%Y-%m-%d %H:%M:%S %z")),
    ]
    body = [SEED_SENTENCE, ENGLISH_LINE, "", tr("mail.summary", lang)]
    body += [f"  {label}: {value}" for label, value in summary]  # never the password
    body += ["", tr("mail.footer", lang), ""]
    # base64: the body is UTF-8 and not every server offers 8BITMIME.
    message.set_content("\n".join(body), charset="utf-8", cte="base64")
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """CRLF line endings, ASCII headers (RFC 2047 words for the Chinese display name and subject).

    The bytes are parsed back and must carry exactly the headers meant: the email package has
    decoded encoded words found in a display name and written the result raw (CR LF and all),
    which turned one From header into two headers. Raises ValueError if anything differs.
    """
    data = message.as_bytes(policy=policy.SMTP)
    parsed = BytesParser(policy=policy.default).parsebytes(data, headersonly=True)
    meant = [(name.lower(), str(value)) for name, value in message.items()]
    got = [(name.lower(), str(value)) for name, value in parsed.items()]
    if [name for name, _ in meant] != [name for name, _ in got] or any(
        str(parsed[name].addresses[0]) != str(message[name].addresses[0]) for name in ("From", "To")
    ):
        raise ValueError("the serialized headers do not read back as the headers meant")
    return data

"""Sending prepared messages through the SMTP server of the settings.

Every message is built (and every copy written) before the first connection, so a
failure can only leave whole messages unsent, never half of one; the error says which
were sent and which not. The password comes from the environment variable the settings
name (smtp_password_env), never from a file or the command line.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from email.message import EmailMessage

from xl_portfolio.errors import InputError, OutputError
from xl_portfolio.settings import Settings

TIMEOUT_SECONDS = 30


class SendError(OutputError):
    """Some or all messages were not sent; sent and unsent lists say which."""

    def __init__(self, message: str, sent: list[str], unsent: list[str]):
        super().__init__(message)
        self.sent = sent
        self.unsent = unsent


def check_smtp_settings(settings: Settings) -> None:
    """Fail before any file is written when sending cannot work."""
    if not settings.smtp_host:
        raise InputError("--send needs an SMTP server: set smtp_host (and smtp_port, "
                         "smtp_user, smtp_password_env) in the settings file")
    if not (settings.mail_from or settings.smtp_user):
        raise InputError("--send needs a sender: set mail_from in the settings file")
    if settings.smtp_user and not os.environ.get(settings.smtp_password_env):
        raise InputError(f"the SMTP password is read from the environment variable "
                         f"{settings.smtp_password_env}, which is not set")


def send_all(messages: list[EmailMessage], settings: Settings) -> list[str]:
    """Send every message over one connection; returns the recipients sent to."""
    check_smtp_settings(settings)
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    names = [str(m["To"]) for m in messages]
    try:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                              timeout=TIMEOUT_SECONDS)
    except OSError as exc:
        raise SendError(f"cannot reach the SMTP server {where} ({exc}); nothing was sent",
                        [], names) from exc
    sent: list[str] = []
    with server:
        try:
            _start(server, settings)
        except (smtplib.SMTPException, OSError) as exc:
            raise SendError(f"the SMTP server {where} refused the session ({exc}); "
                            f"nothing was sent", [], names) from exc
        for message, name in zip(messages, names, strict=True):
            try:
                server.send_message(message)
            except (smtplib.SMTPException, OSError) as exc:
                raise _partial(where, exc, sent, names) from exc
            sent.append(name)
    return sent


def _start(server: smtplib.SMTP, settings: Settings) -> None:
    server.ehlo()
    if settings.smtp_starttls:
        if not server.has_extn("starttls"):
            raise smtplib.SMTPNotSupportedError("the server does not offer STARTTLS; set "
                                                "smtp_starttls = false only for a trusted "
                                                "local server")
        server.starttls(context=ssl.create_default_context())
        server.ehlo()
    if settings.smtp_user:
        server.login(settings.smtp_user, os.environ[settings.smtp_password_env])


def _partial(where: str, exc: Exception, sent: list[str], names: list[str]) -> SendError:
    unsent = names[len(sent):]
    done = ", ".join(sent) if sent else "none"
    return SendError(f"the SMTP server {where} refused a message ({exc}); sent: {done}; "
                     f"not sent: {', '.join(unsent)}", sent, unsent)

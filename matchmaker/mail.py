"""Build and send mail: every message is a text + HTML template pair under templates/mail/.

With MAIL_SERVER set, messages go over SMTP and `send` returns only once the server has
accepted them; without it (the embedded default) each message lands as an .eml file in
the outbox folder, so the app runs without a mail server.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, render_template


class MailError(RuntimeError):
    """The message was not accepted; nothing may be recorded as sent."""


def absolute_url(endpoint: str, **values) -> str:
    """A link for mail, built from BASE_URL so it works from the CLI as well as in requests."""
    parts = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme
    )
    return adapter.build(endpoint, values, force_external=True)


def one_line(text: str) -> str:
    """Header text on one line: every run of whitespace (line breaks included) is one space."""
    return " ".join(str(text).split())


def build_message(
    to: str,
    subject: str,
    template: str,
    headers: Mapping[str, str] | None = None,
    **context,
) -> EmailMessage:
    """Render templates/mail/<template>.txt and .html into one multipart message."""
    # Long header values without spaces (a List-Unsubscribe URL) would otherwise be encoded
    # as =?utf-8?q?...?=, which mail programs cannot use; RFC 5322 allows 998 characters.
    message = EmailMessage(policy=email_policy.default.clone(max_line_length=998))
    subject = one_line(subject)  # a title or name typed with a line break must not break the header
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=urlsplit(current_app.config["BASE_URL"]).hostname)
    for name, value in (headers or {}).items():
        message[name] = value
    context.setdefault("subject", subject)
    message.set_content(render_template(f"mail/{template}.txt", **context))
    message.add_alternative(render_template(f"mail/{template}.html", **context), subtype="html")
    return message


class _Outbox:
    """Mail as .eml files, readable by the app's own user only (they hold links that sign in)."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)

    def is_open(self) -> bool:
        return True

    def send(self, message: EmailMessage) -> None:
        path = self.folder / f"{uuid.uuid4().hex}.eml"
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
            file.write(bytes(message))


class _Smtp:
    def __init__(self, config: Mapping[str, object]):
        try:
            self.client = smtplib.SMTP(
                str(config["MAIL_SERVER"]), int(config["MAIL_PORT"]), timeout=30
            )
            if config["MAIL_USE_TLS"]:
                self.client.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                self.client.login(str(config["MAIL_USERNAME"]), str(config["MAIL_PASSWORD"] or ""))
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"mail server not reachable: {exc}") from exc

    def send(self, message: EmailMessage) -> None:
        try:
            refused = self.client.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"message to {message['To']} not accepted: {exc}") from exc
        if refused:
            raise MailError(f"recipients refused: {', '.join(refused)}")

    def is_open(self) -> bool:
        """Whether the server still answers (a long run may outlive its connection)."""
        try:
            return self.client.noop()[0] == 250
        except (OSError, smtplib.SMTPException):
            return False

    def close(self) -> None:
        try:
            self.client.quit()
        except (OSError, smtplib.SMTPException):
            self.client.close()


@contextmanager
def connection() -> Iterator[_Outbox | _Smtp]:
    """One connection for many messages (digests); raises MailError if it cannot be opened."""
    config = current_app.config
    if not config["MAIL_SERVER"]:
        yield _Outbox(Path(config["MAIL_OUTBOX_DIR"]))
        return
    smtp = _Smtp(config)
    try:
        yield smtp
    finally:
        smtp.close()


def send(message: EmailMessage) -> None:
    """Send one message now; raises MailError unless the server accepted it."""
    with connection() as conn:
        conn.send(message)


def send_template(to: str, subject: str, template: str, **context) -> None:
    send(build_message(to, subject, template, **context))

"""The mail module: SMTP when configured, an .eml outbox otherwise, and honest failures."""

from email import message_from_bytes, policy

import pytest

from matchmaker import mail


def test_message_goes_over_smtp_with_text_and_html_parts(app, mailbox):
    mail.send_template(
        "anna@example.org", "Passwort zurücksetzen", "password_reset",
        user=type("U", (), {"display_name": "Anna"})(), link="http://x/reset", minutes=60,
    )
    [message] = mailbox.to("anna@example.org")
    assert message["Subject"] == "Passwort zurücksetzen"
    assert "http://x/reset" in mailbox.text(message)
    assert 'href="http://x/reset"' in mailbox.html(message)
    assert message["Message-ID"]


def test_without_a_mail_server_messages_land_in_the_outbox_folder(app, mailbox, tmp_path):
    app.config["MAIL_SERVER"] = None
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    mail.send(mail.build_message(
        "bernd@example.org", "Hallo", "employer_verified",
        user=type("U", (), {"display_name": "Bernd"})(),
        organisation=type("O", (), {"name": "Bäckerei"})(), link="http://x/",
    ))
    [eml] = list((tmp_path / "outbox").glob("*.eml"))
    parsed = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert parsed["To"] == "bernd@example.org"
    assert "Bäckerei" in parsed.get_body(preferencelist=("plain",)).get_content()
    assert mailbox.messages == []


def test_a_refused_recipient_raises_and_is_not_delivered(app, mailbox):
    mailbox.refuse.add("weg@example.org")
    message = mail.build_message(
        "weg@example.org", "Hallo", "employer_registered",
        organisation=type("O", (), {"name": "X", "sector": type("S", (), {"label": "Handel"})(),
                                    "district": None})(),
        link="http://x/",
    )
    with pytest.raises(mail.MailError):
        mail.send(message)
    assert mailbox.messages == []


def test_an_unreachable_server_raises_mail_error(app):
    app.config["MAIL_PORT"] = 1  # nothing listens there
    with pytest.raises(mail.MailError), mail.connection():
        pass


def test_absolute_urls_use_the_configured_base_url(app):
    app.config["BASE_URL"] = "https://kd.example/app"
    assert mail.absolute_url("auth.login") == "https://kd.example/app/login"


def test_the_outbox_keeps_mail_readable_by_the_app_alone(app, tmp_path):
    import stat

    from matchmaker import mail

    app.config.update(MAIL_SERVER=None, MAIL_OUTBOX_DIR=str(tmp_path / "outbox"))
    with app.test_request_context():
        mail.send_template("a@example.org", "Passwort zurücksetzen", "password_reset",
                           user=None, link="https://kurzer-draht.test/password/reset/x", minutes=60)
    [written] = (tmp_path / "outbox").iterdir()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "outbox").stat().st_mode) == 0o700

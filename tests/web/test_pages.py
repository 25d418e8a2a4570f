"""Pages everybody sees: the landing page, error pages, health check."""

from tests.factories import employer_user


def test_landing_page_tells_employers_what_the_service_does(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'data-testid="pitch"' in page.text
    assert "Betrieb registrieren" in page.text
    assert '<html lang="de">' in page.text
    assert 'name="viewport"' in page.text


def test_signed_in_users_skip_the_landing_page(client, login_as):
    login_as(employer_user())
    assert client.get("/").headers["Location"] == "/home"


def test_unknown_pages_get_a_german_404(client):
    response = client.get("/gibt-es-nicht")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text


def test_server_errors_get_a_german_page_without_a_stack_trace(app):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/kaputt")
    def broken():
        raise RuntimeError("intern")

    response = app.test_client().get("/kaputt")
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.text
    assert "Traceback" not in response.text and "intern" not in response.text


def test_wrong_method_gets_a_friendly_page(client):
    response = client.put("/login")
    assert response.status_code == 405
    assert "Nicht erlaubt" in response.text


def test_health_check_answers(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_privacy_and_imprint_are_linked_in_every_footer_and_at_registration(client):
    for url in ("/", "/login", "/register"):
        page = client.get(url).text
        assert 'href="/datenschutz"' in page and 'href="/impressum"' in page, url
    register = client.get("/register").text
    assert register.count('href="/datenschutz"') >= 2  # footer and beside the form
    privacy = client.get("/datenschutz")
    assert privacy.status_code == 200 and "Herkunftsregion" in privacy.text
    assert client.get("/impressum").status_code == 200


def test_a_deployment_replaces_the_legal_pages_with_its_own(migrated_database, tmp_path, monkeypatch):
    from matchmaker import create_app
    from tests.conftest import _base_config

    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    (tmp_path / "templates" / "legal").mkdir(parents=True)
    (tmp_path / "templates" / "legal" / "impressum.html").write_text(
        '{% extends "base.html" %}{% block content %}Stadt Duisburg, Amt für Integration{% endblock %}', "utf-8")
    app = create_app(_base_config(migrated_database))
    assert "Amt für Integration" in app.test_client().get("/impressum").text
    assert "Herkunftsregion" in app.test_client().get("/datenschutz").text  # not replaced: ours

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

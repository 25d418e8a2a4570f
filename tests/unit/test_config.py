"""Settings come from the environment, with safe defaults and clear refusals."""

import pytest

from matchmaker.config import ConfigError, load_settings, normalise_database_url

SHARED_LIMITS = {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/1"}

def test_database_defaults_to_a_sqlite_file_in_the_instance_folder(tmp_path):
    settings = load_settings({}, str(tmp_path))
    assert settings["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'kurzer-draht.sqlite'}"


@pytest.mark.parametrize(
    "url",
    ["postgres://u@db/kd", "postgresql://u@db/kd", "postgresql+psycopg://u@db/kd"],
)
def test_postgresql_urls_use_the_psycopg_driver(url):
    assert normalise_database_url(url) == "postgresql+psycopg://u@db/kd"


def test_development_secret_key_is_generated_once_and_kept(tmp_path):
    first = load_settings({}, str(tmp_path))["SECRET_KEY"]
    second = load_settings({}, str(tmp_path))["SECRET_KEY"]
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_settings({"APP_ENV": "production", **SHARED_LIMITS}, str(tmp_path))


def test_production_starts_with_a_secret_key(tmp_path):
    settings = load_settings({"APP_ENV": "production", "SECRET_KEY": "x" * 40, "MAIL_SERVER": "smtp.example",
                              **SHARED_LIMITS},
                             str(tmp_path))
    assert settings["SECRET_KEY"] == "x" * 40
    assert not (tmp_path / "secret_key").exists()


def test_cookies_are_secure_when_served_over_https(tmp_path):
    settings = load_settings({"BASE_URL": "https://kurzer-draht.example"}, str(tmp_path))
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["REMEMBER_COOKIE_SECURE"] is True


def test_cookies_are_httponly_and_samesite_lax_by_default(tmp_path):
    settings = load_settings({}, str(tmp_path))
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert settings["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("name", "value"),
    [("APP_ENV", "staging"), ("BASE_URL", "kurzer-draht.example"), ("MAIL_PORT", "fünf"),
     ("MAIL_USE_TLS", "vielleicht")],
)
def test_malformed_settings_are_refused_with_the_setting_named(tmp_path, name, value):
    with pytest.raises(ConfigError):
        load_settings({name: value}, str(tmp_path))


def test_mail_settings_are_read_from_the_environment(tmp_path):
    settings = load_settings(
        {"MAIL_SERVER": "smtp.example", "MAIL_PORT": "25", "MAIL_USERNAME": "kd",
         "MAIL_PASSWORD": "pw", "MAIL_DEFAULT_SENDER": "KD <kd@example.org>"},
        str(tmp_path),
    )
    assert (settings["MAIL_SERVER"], settings["MAIL_PORT"], settings["MAIL_USE_TLS"]) == ("smtp.example", 25, False)
    assert settings["MAIL_DEFAULT_SENDER"] == "KD <kd@example.org>"
    assert settings["MAIL_OUTBOX_DIR"] == str(tmp_path / "outbox")


def test_production_refuses_a_weak_secret_key(tmp_path):
    with pytest.raises(ConfigError, match="too short"):
        load_settings({"APP_ENV": "production", "SECRET_KEY": "a", "MAIL_SERVER": "mail", **SHARED_LIMITS},
                      str(tmp_path))


def test_production_refuses_to_put_mail_in_the_outbox_unless_told_to(tmp_path):
    production = {"APP_ENV": "production", "SECRET_KEY": "k" * 40, **SHARED_LIMITS}
    with pytest.raises(ConfigError, match="MAIL_SERVER"):
        load_settings(production, str(tmp_path))
    assert load_settings({**production, "MAIL_OUTBOX": "1"}, str(tmp_path))["MAIL_SERVER"] is None
    assert load_settings({**production, "MAIL_SERVER": "smtp.example"}, str(tmp_path))["MAIL_SERVER"] == "smtp.example"


def test_production_refuses_to_count_failed_logins_per_process(tmp_path):
    """The attack replayed in tests/web/test_login.py (five tries per worker with memory://) is
    refused at the start: production needs a shared store."""
    production = {"APP_ENV": "production", "SECRET_KEY": "k" * 40, "MAIL_SERVER": "smtp.example"}
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        load_settings(production, str(tmp_path))
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        load_settings({**production, "RATELIMIT_STORAGE_URI": "memory://"}, str(tmp_path))
    assert load_settings({**production, **SHARED_LIMITS}, str(tmp_path))["RATELIMIT_STORAGE_URI"].startswith("redis")
    assert load_settings({}, str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"  # make run: no Redis needed


def test_connections_per_process_are_a_setting_and_reach_the_engine(tmp_path):
    import sqlalchemy as sa

    settings = load_settings({"DB_POOL_SIZE": "1", "DB_MAX_OVERFLOW": "2"}, str(tmp_path))
    options = settings["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["pool_size"] == 1 and options["max_overflow"] == 2 and options["hide_parameters"]
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'pool.sqlite'}", **options)
    assert engine.pool.size() == 1 and engine.pool._max_overflow == 2
    assert "pool_size" not in load_settings({}, str(tmp_path))["SQLALCHEMY_ENGINE_OPTIONS"]  # library defaults
    for wrong in ({"DB_POOL_SIZE": "0"}, {"DB_MAX_OVERFLOW": "viele"}):
        with pytest.raises(ConfigError):
            load_settings(wrong, str(tmp_path))

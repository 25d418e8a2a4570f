"""A browser's part that the multi-process tests and the load test need: one connection per
request to an app behind a TLS proxy (X-Forwarded-Proto), cookies kept, forms with their CSRF
token. Redirects are not followed."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlencode

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(page: str) -> str:
    found = CSRF.search(page)
    return found.group(1) if found else ""


class Browser:
    def __init__(self, host: str = "kurzer-draht.test") -> None:
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-Proto": "https", "Host": self.host, "Referer": f"https://{self.host}{path}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body, headers["Content-Type"] = urlencode(form), "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    def token(self, port: int, path: str) -> str:
        """The CSRF token of the form on `path`."""
        return csrf_token(self.request(port, "GET", path)[1])

    def login(self, port: int, email: str, password: str) -> int:
        return self.request(port, "POST", "/login", {"email": email, "password": password,
                                                     "csrf_token": self.token(port, "/login")})[0]

"""gunicorn's settings for every run started from this folder (gunicorn reads ./gunicorn.conf.py by default).

gunicorn writes "Server: gunicorn" on every response and has no setting for it: the header comes from
Response.default_headers() in gunicorn/http/wsgi.py, which copies gunicorn.SERVER at import time.
Dropping the line there hides which server (and so which known flaws) answers.
"""

from gunicorn.http import wsgi


def _without_server_header(default_headers):
    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    return headers


wsgi.Response.default_headers = _without_server_header(wsgi.Response.default_headers)  # type: ignore[method-assign]

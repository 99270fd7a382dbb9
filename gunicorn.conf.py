"""gunicorn's settings for every run started from this folder (gunicorn reads ./gunicorn.conf.py by default).

gunicorn writes "Server: gunicorn" on every response and has no setting for it: the header comes from
Response.default_headers() in gunicorn/http/wsgi.py, which copies gunicorn.SERVER at import time.
Dropping the line there hides which server (and so which known flaws) answers.
"""

import os

from gunicorn.http import wsgi


def _without_server_header(default_headers):
    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    return headers


wsgi.Response.default_headers = _without_server_header(wsgi.Response.default_headers)  # type: ignore[method-assign]

# Workers and threads for the 2 cores the app runs on (README "Measuring speed" has the figures).
# https://docs.gunicorn.org/en/stable/settings.html#worker-processes
# https://docs.gunicorn.org/en/stable/design.html#how-many-workers
# A page is mostly Python (templates, ORM) with short waits for PostgreSQL on the same machine: one
# process per core plus one keeps both cores busy while a worker waits; a few threads each fill those
# waits and keep a browser's connection open for its static files (gthread speaks keep-alive; the
# sync worker closes every connection). More threads only queue inside a worker behind the GIL.
workers = int(os.environ.get("GUNICORN_WORKERS", (os.cpu_count() or 1) + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", 2))
# Load the app once in the master: workers start at once and share its memory until they write to it.
preload_app = True
# A request that takes longer than this is cut off and its worker restarted.
timeout = 60
graceful_timeout = 10
keepalive = 5
# A new worker now and then returns memory that Python's allocator keeps; jitter keeps them apart.
# Not too often: a worker that leaves closes its keep-alive connections, which clients see as errors
# (at 2,000 a worker answering 400 requests a second from the page cache left every 15 s).
max_requests = 100_000
max_requests_jitter = 10_000

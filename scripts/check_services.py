"""Stop `make test` early, with a clear message, when PostgreSQL or Redis is not reachable."""

import os
import socket
import sys
from urllib.parse import urlparse

HOW = {
    "PostgreSQL": "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    "Redis": 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no',
}


def reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=3):
            return True
    except OSError:
        return False


def problems(database_url: str, redis_url: str) -> list[str]:
    """What to say for each service that does not answer (also the bench's preflight)."""
    services = [("PostgreSQL", database_url, 5432), ("Redis", redis_url, 6379)]
    return [
        f"{name} is not reachable. Start it with:\n    {HOW[name]}"
        for name, url, port in services
        if not reachable(url, port)
    ]


if __name__ == "__main__":
    missing = problems(os.environ["DATABASE_URL"], os.environ["REDIS_URL"])
    for problem in missing:
        print(problem, file=sys.stderr)
    sys.exit(1 if missing else 0)

"""A local SMTP server that counts what it accepts, for the scripts that time the digest."""

from __future__ import annotations

import socket


class CountingSink:
    messages = 0
    recipients = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages += 1
        self.recipients += len(envelope.rcpt_tos)
        return "250 OK"


def start_counting_sink(settings):
    """Starts the sink on a free port of 127.0.0.1 and points Django's SMTP backend at it.

    Returns (sink, controller); call controller.stop() when done.
    """
    from aiosmtpd.controller import Controller

    sink = CountingSink()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    return sink, controller

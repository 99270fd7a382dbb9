"""A local SMTP server that counts what it accepts, for the scripts that time the digest."""

from __future__ import annotations

import socket


class CountingSink:
    """Counts messages and recipients in memory shared with the process that started it."""

    def __init__(self, messages, recipients):
        self._messages, self._recipients = messages, recipients

    @property
    def messages(self) -> int:
        return self._messages.value

    @property
    def recipients(self) -> int:
        return self._recipients.value

    async def handle_DATA(self, server, session, envelope):
        # Counted before the 250 goes out: a mail the sender saw accepted is in the count.
        with self._messages.get_lock():
            self._messages.value += 1
            self._recipients.value += len(envelope.rcpt_tos)
        return "250 OK"


def _serve(sink: CountingSink, port: int, ready) -> None:
    import threading

    from aiosmtpd.controller import Controller

    Controller(sink, hostname="127.0.0.1", port=port).start()
    ready.set()
    threading.Event().wait()  # until terminated


class _SinkProcess:
    def __init__(self, process):
        self.process = process

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(10)


def start_counting_sink(settings):
    """Starts the sink on a free port of 127.0.0.1, in a process of its own as a real mail server is,
    and points Django's SMTP backend at it. (In the sender's process, reading each 300 kB digest would
    take the sender's interpreter lock for about 6 ms a mail, a cost that is the server's, not ours.)

    Returns (sink, controller); call controller.stop() when done.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork")
    sink = CountingSink(context.Value("q", 0), context.Value("q", 0))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ready = context.Event()
    process = context.Process(target=_serve, args=(sink, port, ready), daemon=True)
    process.start()
    if not ready.wait(30):
        process.terminate()
        raise RuntimeError("the SMTP sink did not start within 30 s")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    return sink, _SinkProcess(process)


# --- A recording sink in a process of its own (the fault tests' mail server) ----------------------


class RecordingSink:
    """Writes one JSON line per accepted message (recipients, Message-ID, subject) and can hold a sender.

    With --hold-at N it stops at the first recipient after N messages (before that mail's DATA), writes
    the sending client's address to --hold-file, waits for --release-file to appear, then refuses
    ("451"): a test kills the sender there, in the middle of a mail the server has not accepted.
    """

    def __init__(self, record: str, delay: float, hold_at: int | None, hold_file: str, release_file: str):
        self.record = open(record, "a", buffering=1)  # a line each, readable as soon as written
        self.accepted = 0
        self.delay = delay
        self.hold_at = hold_at
        self.hold_file = hold_file
        self.release_file = release_file
        self.held = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        import asyncio
        import json
        from pathlib import Path

        await asyncio.sleep(self.delay)
        if self.hold_at is not None and self.accepted >= self.hold_at and not self.held:
            self.held = True
            Path(self.hold_file).write_text(json.dumps({"peer": list(session.peer[:2]), "rcpt": address}))
            while not Path(self.release_file).exists():
                await asyncio.sleep(0.05)
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import json
        from email import message_from_bytes, policy

        message = message_from_bytes(envelope.content, policy=policy.default)
        line = {"to": envelope.rcpt_tos, "message_id": message["Message-ID"], "subject": message["Subject"]}
        self.record.write(json.dumps(line) + "\n")
        self.accepted += 1
        return "250 OK"


def main() -> None:
    import argparse
    import os
    import signal
    import threading

    from aiosmtpd.controller import Controller

    parser = argparse.ArgumentParser(description="A local SMTP server that records every accepted message.")
    parser.add_argument("--ready-file", required=True, help="where to write the port, once listening")
    parser.add_argument("--record", required=True, help="JSON lines file, one line per accepted message")
    parser.add_argument("--delay", type=float, default=0.015, help="seconds per recipient, like a real server")
    parser.add_argument("--hold-at", type=int, default=None)
    parser.add_argument("--hold-file", default="")
    parser.add_argument("--release-file", default="")
    args = parser.parse_args()
    sink = RecordingSink(args.record, args.delay, args.hold_at, args.hold_file, args.release_file)
    # A free port, taken: another process may bind the one we picked before we do, so try again then.
    for _attempt in range(20):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        try:
            controller.start()
            break
        except (OSError, RuntimeError):
            continue
    else:
        raise SystemExit("smtp_sink: no free port")
    with open(args.ready_file + ".partial", "w") as ready:
        ready.write(str(port))
    os.replace(args.ready_file + ".partial", args.ready_file)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    print(f"smtp_sink listening on 127.0.0.1:{port}", flush=True)
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()

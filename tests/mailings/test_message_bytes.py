"""A run's SMTP connection flattens each mail itself (mail.message_bytes): the bytes Django's backend sends."""

import email.generator
import re
from unittest import mock

import pytest
import time_machine
from django.core.mail import EmailMultiAlternatives

from mailings import mail
from mailings.digest import digest_build
from tests.factories import WEEK_NOW, WEEK_TODAY, build_week

pytestmark = pytest.mark.django_db


def stock_and_flat(message: EmailMultiAlternatives) -> tuple[bytes, bytes]:
    mime = message.message()
    stock = mime.as_bytes(linesep="\r\n")  # what Django's SMTP backend sends; it fixes the boundary on mime
    return stock, mail.message_bytes(mime)


def test_a_digest_flattens_to_the_bytes_djangos_smtp_backend_sends(member, other_member):
    build_week(member, other_member)
    with time_machine.travel(WEEK_NOW, tick=False):
        message = digest_build(user=member, today=WEEK_TODAY)
    stock, flat = stock_and_flat(message)
    assert b"Rondetafel met vaccinproducenten" in flat
    assert flat == stock


@pytest.mark.parametrize(
    "body",
    [
        "Één regel\nmet é en … en een lege regel\n\n\nen een punt:\n.\n",
        "Regels met\r\nCRLF en\rCR en\nLF\n",
        "Een regel die te lang is voor SMTP: " + "é" * 600 + "\nen daarna kort\n",  # quoted-printable
        "ascii only, no final newline",
    ],
)
def test_line_ends_non_ascii_and_long_lines_flatten_as_the_stock_generator_does(body):
    message = EmailMultiAlternatives(subject="Één onderwerp", body=body, to=["iemand@example.org"])
    message.attach_alternative(f"<p>{body}</p>", "text/html")
    stock, flat = stock_and_flat(message)
    assert flat == stock


def boundary_of(token: int) -> str:
    """The boundary the standard library draws from this random number."""
    return "=" * 15 + email.generator._fmt % token + "=="


def test_a_boundary_that_occurs_in_the_message_is_not_used():
    clashing = boundary_of(1)
    text = f"before\n--{clashing}\nafter"
    with mock.patch("email.generator.random.randrange", return_value=1):
        boundary = mail._FlatGenerator._make_boundary(text.encode())  # a BytesGenerator checks bytes
    assert boundary != clashing
    assert not re.search("^--" + re.escape(boundary) + "(--)?$", text, re.MULTILINE)


def test_a_boundary_absent_from_the_message_is_used_as_drawn():
    with mock.patch("email.generator.random.randrange", return_value=7):
        assert mail._FlatGenerator._make_boundary(b"no boundary here\n--other\n") == boundary_of(7)

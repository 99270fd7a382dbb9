"""Add generated data at a scale (real, x10, large) to a database seeded with `seed_taskforce`."""

import time

from django.core.management.base import BaseCommand, CommandError

from seeding.data_generator import SCALES, AlreadyGenerated, generate
from taskforce.models import Taskforce


class Command(BaseCommand):
    help = "Generate people, actions, notes, history, KPIs, meetings and snapshots on top of the seeded taskforce."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="real")
        parser.add_argument("--seed", type=int, default=2021, help="Seed of the random generator.")
        parser.add_argument(
            "--password",
            help="Password of every generated login (default: none, so nobody can log in with one).",
        )

    def handle(self, *args, scale: str, seed: int, password: str | None, **options):
        started = time.monotonic()
        try:
            generator = generate(SCALES[scale], seed=seed, password=password)
        except (AlreadyGenerated, Taskforce.DoesNotExist) as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        summary = ", ".join(f"{number} {name}" for name, number in generator.created.items())
        self.stdout.write(f"Generated ({scale}) in {seconds:.1f} s: {summary}.")
        steps = ", ".join(f"{name} {step:.1f}" for name, step in generator.seconds.items())
        self.stdout.write(f"Seconds per step: {steps}.")

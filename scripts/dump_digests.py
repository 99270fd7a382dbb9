"""Write every person's digest (subject, headers, text, HTML) for today as one JSON file, sending nothing.

The clock stands still at noon today, so two dumps of the same database compare equal; unsubscribe
links are signed with the time, so the dump blanks their signature.

Two dumps made before and after a change to the digest code show whether any mail reads differently:

    .venv/bin/python scripts/dump_digests.py before.json   # (DATABASE_URL and production settings set)
    ... change the code ...
    .venv/bin/python scripts/dump_digests.py after.json && cmp before.json after.json
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings")


def main() -> None:
    import datetime as dt
    import re

    import django
    import time_machine

    django.setup()
    from django.utils import timezone

    from mailings.digest import digest_context, digest_for, digest_message, digest_people

    today = timezone.localdate()
    noon = timezone.make_aware(dt.datetime.combine(today, dt.time(12)))
    with time_machine.travel(noon, tick=False):
        people = list(digest_people())
        context = digest_context(today=today, people=people)
        mails = {}
        for person in people:
            message = digest_message(digest_for(person, context))
            mails[person.username] = message and {
                "to": message.to,
                "subject": message.subject,
                "headers": message.extra_headers,
                "text": message.body,
                "html": [content for content, mimetype in message.alternatives],
            }
    dump = re.sub(r"(/unsubscribe/\w+/[^/:]+):[^/]+/", r"\1:signed/", json.dumps(mails, indent=1, sort_keys=True))
    Path(sys.argv[1]).write_text(dump)
    print(f"{sum(1 for m in mails.values() if m)} mails, {sum(1 for m in mails.values() if not m)} skipped")


if __name__ == "__main__":
    main()

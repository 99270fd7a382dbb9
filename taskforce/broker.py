"""kombu's Redis transport, with one fault fixed: a worker that held a task when Redis went away.

On a lost broker connection, Celery releases the connection and then closes its channels; closing
tries to put the worker's unacknowledged tasks back on the queue through that released connection
and raises AttributeError ('NoneType' object has no attribute 'hostname', in `_connparams`), which
ends the worker ("Unrecoverable error"), so later tasks and retries find no worker (kombu 5.7.0,
celery 5.7.0, the newest releases; seen in tests/faults/test_digest_faults.py). Here the closing
leaves those tasks where they are: in Redis' unacked set, from which any worker restores them after
the visibility timeout (settings), as it does for a worker that died.
"""

from __future__ import annotations

import logging

from kombu.transport import redis

log = logging.getLogger(__name__)


class QoS(redis.QoS):
    def restore_unacked(self, client=None):
        if client is None and self.channel.connection.client is None:
            log.warning(
                "Broker connection lost with %d task(s) unacknowledged: they return after the visibility timeout.",
                len(self._delivered),
            )
            self._delivered.clear()
            return
        super().restore_unacked(client)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel

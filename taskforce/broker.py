"""kombu's Redis transport, with one fault fixed: a worker that held a task when Redis went away.

On a lost broker connection, Celery releases the connection and then closes its channels. Two things
then reach Redis through the released connection and raise AttributeError in `_connparams`, which
ends the worker ("Unrecoverable error"), so later tasks and retries find no worker (kombu 5.7.0 and
celery 5.7.0, the newest releases; tests/faults/test_digest_faults.py shows both):
- closing the channel puts the worker's unacknowledged tasks back on the queue
  ('NoneType' object has no attribute 'hostname');
- the task that was running finishes after the reconnect and acknowledges on the old channel
  ('NoneType' object has no attribute 'client').
Here both leave the task where it is, in Redis' unacked set, from which a worker restores it after
the visibility timeout (settings), as it does for a worker that died; our tasks are idempotent.
"""

from __future__ import annotations

import logging

from kombu.transport import redis

log = logging.getLogger(__name__)


def _released(channel) -> bool:
    transport = channel.connection
    return transport is None or transport.client is None


class QoS(redis.QoS):
    def restore_unacked(self, client=None):
        if client is None and _released(self.channel):
            log.warning(
                "Broker connection lost with %d task(s) unacknowledged: they return after the visibility timeout.",
                len(self._delivered),
            )
            self._delivered.clear()
            return
        super().restore_unacked(client)

    def ack(self, delivery_tag):
        if _released(self.channel):
            log.warning(
                "Broker connection lost before a task was acknowledged: it returns after the visibility timeout."
            )
            self._quick_ack(delivery_tag)  # forget it here; Redis keeps it
            return
        super().ack(delivery_tag)

    def reject(self, delivery_tag, requeue=False):
        if _released(self.channel):
            self._quick_ack(delivery_tag)
            return
        super().reject(delivery_tag, requeue=requeue)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel

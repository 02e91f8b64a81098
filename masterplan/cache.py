"""The Redis cache must not take the portal down with Redis.

The cache only holds the rate-limit counters of allauth (login, sign-up, password reset);
brute-force protection does not depend on it (django-axes counts failed logins in the
database). So when Redis is unreachable or hangs, the cache fails open: reads miss, writes
are dropped, `add` reports success (allauth's rate-limit lock would otherwise turn every
login into "too many attempts"), and the outage is logged. After a failure the process
leaves Redis alone for a few seconds, so that a hanging Redis costs one socket timeout per
pause rather than one per cache call."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisVerbindungsfehler
from redis.exceptions import TimeoutError as RedisZeitueberschreitung

logger = logging.getLogger(__name__)

AUSFALL = (RedisVerbindungsfehler, RedisZeitueberschreitung, OSError)
PAUSE_SEKUNDEN = 10.0


class AusfallsicherRedisCache(RedisCache):
    _pause_bis = 0.0  # per process (monotonic clock)

    def _sicher(self, ersatz, methode, *args, **kwargs):
        if time.monotonic() < type(self)._pause_bis:
            return ersatz
        try:
            return methode(*args, **kwargs)
        except AUSFALL as fehler:
            type(self)._pause_bis = time.monotonic() + PAUSE_SEKUNDEN
            logger.warning("Cache (Redis) nicht erreichbar, arbeite ohne: %r", fehler)
            return ersatz

    def get(self, key, default=None, version=None):
        return self._sicher(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._sicher({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._sicher(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._sicher(True, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._sicher(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._sicher(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._sicher(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._sicher(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._sicher(None, super().delete_many, keys, version)

    def clear(self):
        return self._sicher(False, super().clear)

"""Structured logs: one JSON object per line, for log shippers.

Fields: ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, and the request fields
a record carries as ``extra`` (see ``FIELDS``). Messages never hold secrets: the access log
leaves query strings out, and security events name a key by its first characters only.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

# Extra attributes copied into the object when a record has them.
FIELDS = ("request_id", "client", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

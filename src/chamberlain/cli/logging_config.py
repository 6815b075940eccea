"""Log configuration for the server: one line per event on stderr, UTC timestamps.

``line`` is for people reading a terminal; ``json`` (one object per line, see
``chamberlain.log_format``) is for log shippers.
"""

from __future__ import annotations

from typing import Any, Literal

LogFormat = Literal["line", "json"]


def log_config(log_format: LogFormat) -> dict[str, Any]:
    """The ``logging.config.dictConfig`` for ``chamberlain serve``."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "line": {
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            },
            "json": {"()": "chamberlain.log_format.JsonFormatter"},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "stream": "ext://sys.stderr",
            }
        },
        "loggers": {
            "chamberlain": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
        },
    }

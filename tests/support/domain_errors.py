"""Every domain error the product defines, for tests that hold each face's mapping."""

from __future__ import annotations

from chamberlain import errors


def domain_errors() -> list[type[errors.ChamberlainError]]:
    """Every subclass of ``ChamberlainError`` defined by chamberlain (not by tests), by name."""
    found, pending = [], list(errors.ChamberlainError.__subclasses__())
    while pending:
        kind = pending.pop()
        found.append(kind)
        pending.extend(kind.__subclasses__())
    ours = {kind for kind in found if kind.__module__.startswith("chamberlain.")}
    return sorted(ours, key=lambda kind: kind.__name__)

"""The SDK's version: the chamberlain release it was built with (see the drift test)."""

__version__ = "0.1.0"

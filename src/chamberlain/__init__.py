"""chamberlain: account and user management, wire-compatible with the Lumen Cloud API v1."""

__version__ = "0.1.0"

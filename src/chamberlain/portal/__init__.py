"""The Control Portal: server-rendered pages over the same services as the APIs.

No business rule lives here. Authorisation is enforced by the services through the
person's permissions; the portal only hides what the person may not do. See
``docs/portal.md`` for sessions, cookies, CSRF and the development exception.
"""

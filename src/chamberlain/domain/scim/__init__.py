"""SCIM 2.0 (RFC 7643 / RFC 7644) without the web: schemas, filters and PATCH.

Everything here works on SCIM documents as plain JSON values (dicts, lists, strings,
booleans) and knows nothing of chamberlain's users; the face maps users to and from
documents. Attribute names match without regard to case, as RFC 7643 section 2.1 says.
"""

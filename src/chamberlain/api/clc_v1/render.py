"""The v1 envelope in JSON or XML.

JSON is one flat object: the method's data first, then ``Success``, ``Message`` and
``StatusCode``. XML puts the three envelope members on the root element as attributes;
a record is an element whose scalars are attributes (nulls omitted) and whose lists are
child elements (``<Roles><int>8</int></Roles>``); a list of records is a container
element holding one element per record.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element, SubElement, tostring

from chamberlain.api.clc_v1.paths import Format

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
XML_CONTENT_TYPE = "text/xml; charset=utf-8"
GENERIC_XML_ROOT = "APIResponse"

# Element name of one record inside each documented list.
_XML_ITEM_NAMES = {
    "Users": "UserDetails",
    "Accounts": "Account",
    "Locations": "Location",
    "AccountCustomFields": "AccountCustomField",
    "AccountCustomFieldOptions": "AccountCustomFieldOption",
}


@dataclass(frozen=True, slots=True)
class Reply:
    """One v1 outcome: envelope members, method data and the HTTP status it travels with."""

    status_code: int
    message: str
    data: Mapping[str, Any] = field(default_factory=dict)
    http_status: int = 200

    @property
    def success(self) -> bool:
        """``StatusCode`` 0 is success, anything else is an error."""
        return self.status_code == 0


# Record fields the documented XML carries as child elements rather than attributes.
_XML_CHILD_FIELDS = {
    "AccountDetails": frozenset(
        {
            "BusinessName",
            "Address1",
            "Address2",
            "City",
            "StateProvince",
            "PostalCode",
            "Country",
            "Telephone",
            "Fax",
        }
    ),
}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _record(name: str, values: Mapping[str, Any]) -> Element:
    element = Element(name)
    children = _XML_CHILD_FIELDS.get(name, frozenset())
    for key, value in values.items():
        if isinstance(value, list | dict) or key in children:
            _append(element, key, value)
        elif value is not None:
            element.set(key, _scalar(value))
    return element


def _append(parent: Element, name: str, value: Any) -> None:
    if isinstance(value, dict):
        parent.append(_record(name, value))
    elif isinstance(value, list):
        container = SubElement(parent, name)
        for item in value:
            if isinstance(item, dict):
                container.append(_record(_XML_ITEM_NAMES.get(name, name), item))
            else:
                SubElement(container, "int" if isinstance(item, int) else "string").text = _scalar(
                    item
                )
    elif value is not None:
        SubElement(parent, name).text = _scalar(value)


def to_json(reply: Reply) -> bytes:
    """The JSON body of ``reply``."""
    document = {
        **reply.data,
        "Success": reply.success,
        "Message": reply.message,
        "StatusCode": reply.status_code,
    }
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def to_xml(reply: Reply, root_name: str) -> bytes:
    """The XML body of ``reply`` under the method's documented root element."""
    root = Element(
        root_name,
        {
            "Success": _scalar(reply.success),
            "Message": reply.message,
            "StatusCode": str(reply.status_code),
        },
    )
    for name, value in reply.data.items():
        _append(root, name, value)
    declaration = '<?xml version="1.0" encoding="utf-8"?>'
    return (declaration + tostring(root, encoding="unicode")).encode("utf-8")


def render_message(message: str, fmt: Format) -> tuple[bytes, str]:
    """A body with only a ``Message``: for HTTP errors that carry no v1 StatusCode."""
    if fmt is Format.JSON:
        return json.dumps({"Message": message}).encode("utf-8"), JSON_CONTENT_TYPE
    root = Element(GENERIC_XML_ROOT, {"Message": message})
    return tostring(root, encoding="unicode").encode("utf-8"), XML_CONTENT_TYPE


def render(reply: Reply, fmt: Format, xml_root: str) -> tuple[bytes, str]:
    """Return the body and content type of ``reply`` in ``fmt``."""
    if fmt is Format.JSON:
        return to_json(reply), JSON_CONTENT_TYPE
    return to_xml(reply, xml_root), XML_CONTENT_TYPE

"""The schemas chamberlain serves: what it stores of a user and a group, and the three
discovery schemas RFC 7643 section 8.7.2 defines.

The User schema lists only attributes chamberlain keeps; attributes it does not keep
(``displayName``, ``addresses``, the enterprise extension, ...) are absent, and a client
that sends them is ignored for them (``docs/scim.md``).
"""

from __future__ import annotations

from chamberlain.domain.roles import CATALOGUE
from chamberlain.domain.scim.schema import (
    Attribute,
    Mutability,
    ResourceType,
    Returned,
    Schema,
    Type,
)
from chamberlain.domain.timezones import TIME_ZONE_IDS
from chamberlain.domain.users import user_name_key

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
LIST_RESPONSE_URN = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
ERROR_URN = "urn:ietf:params:scim:api:messages:2.0:Error"
SERVICE_PROVIDER_CONFIG_URN = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"

RO = Mutability.READ_ONLY
IMMUTABLE = Mutability.IMMUTABLE


def _read_only(*attributes: Attribute) -> tuple[Attribute, ...]:
    """The discovery schemas describe server-made documents: nothing in them is writable."""
    return tuple(
        Attribute(
            name=a.name,
            description=a.description,
            type=a.type,
            multi_valued=a.multi_valued,
            required=a.required,
            case_exact=a.case_exact,
            mutability=RO,
            canonical_values=a.canonical_values,
            reference_types=a.reference_types,
            sub_attributes=_read_only(*a.sub_attributes),
        )
        for a in attributes
    )


ID = Attribute(
    "id",
    "Unique identifier of the resource, assigned by the service provider.",
    case_exact=True,
    mutability=RO,
    returned=Returned.ALWAYS,
    uniqueness="server",
)
EXTERNAL_ID = Attribute(
    "externalId", "Identifier of the resource as the provisioning client knows it.",
    case_exact=True,
)  # fmt: skip
META = Attribute(
    "meta",
    "Resource metadata.",
    type=Type.COMPLEX,
    mutability=RO,
    sub_attributes=(
        Attribute("resourceType", "Name of the resource type.", case_exact=True, mutability=RO),
        Attribute(
            "location", "URI of the resource.", type=Type.REFERENCE, case_exact=True,
            mutability=RO, reference_types=("uri",),
        ),
        Attribute(
            "version", "Version of the resource (the HTTP ETag).", case_exact=True,
            mutability=RO,
        ),
    ),
)  # fmt: skip

ROLE_NAMES: tuple[str, ...] = tuple(role.name for role in CATALOGUE)

USER_SCHEMA = Schema(
    id=USER_URN,
    name="User",
    description="A person-user of one chamberlain account.",
    attributes=(
        Attribute(
            "userName", "Unique sign-in name; never changes and is never reused.",
            required=True, mutability=IMMUTABLE, uniqueness="server", fold=user_name_key,
        ),
        Attribute(
            "name", "The user's name.", type=Type.COMPLEX, required=True,
            sub_attributes=(
                Attribute("givenName", "First name.", required=True),
                Attribute("familyName", "Last name.", required=True),
            ),
        ),
        Attribute("title", "Job title."),
        Attribute(
            "timezone", "chamberlain time-zone id; absent: the account's time zone applies.",
            canonical_values=tuple(sorted(TIME_ZONE_IDS)),
        ),
        Attribute("active", "False while the user is suspended.", type=Type.BOOLEAN),
        Attribute(
            "emails", "The work address (primary, required) and one other address.",
            type=Type.COMPLEX, multi_valued=True, required=True,
            sub_attributes=(
                Attribute("value", "E-mail address.", required=True),
                Attribute("type", "work or other.", canonical_values=("work", "other")),
                Attribute("primary", "True for the work address.", type=Type.BOOLEAN),
            ),
        ),
        Attribute(
            "phoneNumbers", "Office (work), mobile and fax numbers.",
            type=Type.COMPLEX, multi_valued=True,
            sub_attributes=(
                Attribute("value", "Phone number."),
                Attribute(
                    "type", "work, mobile or fax.", canonical_values=("work", "mobile", "fax")
                ),
            ),
        ),
        Attribute(
            "roles", "chamberlain roles; a value is a role's name or number.",
            type=Type.COMPLEX, multi_valued=True,
            sub_attributes=(
                Attribute("value", "Role name (or number).", canonical_values=ROLE_NAMES),
                # Entra's app-role assignments carry these and select by primary
                # (roles[primary eq "True"].value): accepted, never stored.
                Attribute("display", "Ignored: the value names the role.", mutability=RO),
                Attribute("type", "Ignored.", mutability=RO),
                Attribute(
                    "primary", "Not kept; a PATCH selecting the primary role selects a "
                    "user's only role.", type=Type.BOOLEAN, mutability=RO,
                ),
            ),
        ),
        Attribute(
            "groups", "The groups (roles) the user is in.", type=Type.COMPLEX,
            multi_valued=True, mutability=RO,
            sub_attributes=(
                Attribute("value", "Group id.", case_exact=True, mutability=RO),
                Attribute(
                    "$ref", "URI of the group.", type=Type.REFERENCE, case_exact=True,
                    mutability=RO, reference_types=("Group",),
                ),
                Attribute("display", "Group name.", mutability=RO),
                Attribute("type", "direct.", mutability=RO, canonical_values=("direct",)),
            ),
        ),
    ),
)  # fmt: skip

GROUP_SCHEMA = Schema(
    id=GROUP_URN,
    name="Group",
    description="One chamberlain role in one account; its members hold the role.",
    attributes=(
        Attribute(
            "displayName", "The role's name.", required=True, mutability=IMMUTABLE,
            uniqueness="server",
        ),
        Attribute(
            "members", "Users of the account holding the role.", type=Type.COMPLEX,
            multi_valued=True,
            sub_attributes=(
                Attribute("value", "User id.", case_exact=True, mutability=IMMUTABLE),
                Attribute(
                    "$ref", "URI of the user.", type=Type.REFERENCE, case_exact=True,
                    mutability=IMMUTABLE, reference_types=("User",),
                ),
                Attribute(
                    "type", "User.", mutability=IMMUTABLE, canonical_values=("User",)
                ),
                Attribute("display", "The user's userName.", mutability=RO),
            ),
        ),
    ),
)  # fmt: skip

_SUPPORTED = Attribute(
    "supported", "Whether the feature is supported.", Type.BOOLEAN, required=True
)


def _feature(name: str, *extra: Attribute) -> Attribute:
    return Attribute(
        name, f"The {name} feature.", Type.COMPLEX, required=True,
        sub_attributes=(_SUPPORTED, *extra),
    )  # fmt: skip


def _uri(name: str, description: str, *, required: bool = False) -> Attribute:
    return Attribute(
        name, description, Type.REFERENCE, required=required, case_exact=True,
        reference_types=("uri",),
    )  # fmt: skip


SERVICE_PROVIDER_CONFIG_SCHEMA = Schema(
    id=SERVICE_PROVIDER_CONFIG_URN,
    name="ServiceProviderConfig",
    description="Service Provider Configuration",
    attributes=_read_only(
        Attribute(
            "documentationUri", "Help for this service.", Type.REFERENCE,
            reference_types=("external",),
        ),
        _feature("patch"),
        _feature(
            "bulk",
            Attribute("maxOperations", "Most operations in a request.", Type.INTEGER,
                      required=True),
            Attribute("maxPayloadSize", "Largest payload in bytes.", Type.INTEGER,
                      required=True),
        ),
        _feature("filter", Attribute("maxResults", "Most resources in a response.",
                                     Type.INTEGER, required=True)),
        _feature("changePassword"),
        _feature("sort"),
        _feature("etag"),
        Attribute(
            "authenticationSchemes", "Ways to authenticate.", Type.COMPLEX,
            multi_valued=True, required=True,
            sub_attributes=(
                Attribute("type", "The scheme.", required=True,
                          canonical_values=("oauthbearertoken",)),
                Attribute("name", "Its common name.", required=True),
                Attribute("description", "What it is.", required=True),
                _uri("specUri", "Its specification."),
                _uri("documentationUri", "Its documentation."),
                Attribute("primary", "The preferred scheme.", Type.BOOLEAN),
            ),
        ),
    ),
)  # fmt: skip

RESOURCE_TYPE_SCHEMA = Schema(
    id="urn:ietf:params:scim:schemas:core:2.0:ResourceType",
    name="ResourceType",
    description="Specifies the schema that describes a SCIM resource type",
    attributes=_read_only(
        Attribute("id", "The resource type's server unique id.", case_exact=True),
        Attribute("name", "The resource type name.", required=True),
        Attribute("description", "The resource type's description."),
        _uri("endpoint", "The resource type's endpoint, relative to the base URL.",
             required=True),
        _uri("schema", "The resource type's primary schema.", required=True),
        Attribute(
            "schemaExtensions", "Extensions of the primary schema.", Type.COMPLEX,
            multi_valued=True,
            sub_attributes=(
                _uri("schema", "The extension's URI.", required=True),
                Attribute("required", "Whether resources must carry it.", Type.BOOLEAN,
                          required=True),
            ),
        ),
    ),
)  # fmt: skip

_ATTRIBUTE_FIELDS = (
    Attribute("name", "The attribute's name.", required=True, case_exact=True),
    Attribute(
        "type", "The attribute's data type.", required=True,
        canonical_values=("string", "complex", "boolean", "decimal", "integer", "dateTime",
                          "reference", "binary"),
    ),
    Attribute("multiValued", "Whether it holds several values.", Type.BOOLEAN, required=True),
    Attribute("description", "What it is."),
    Attribute("required", "Whether it is required.", Type.BOOLEAN),
    Attribute("canonicalValues", "Suggested values.", multi_valued=True),
    Attribute("caseExact", "Whether case matters.", Type.BOOLEAN),
    Attribute("mutability", "Who may change it.",
              canonical_values=("readOnly", "readWrite", "immutable", "writeOnly")),
    Attribute("returned", "When it is returned.",
              canonical_values=("always", "never", "default", "request")),
    Attribute("uniqueness", "How unique values are.",
              canonical_values=("none", "server", "global")),
    Attribute("referenceTypes", "What a reference may point at.", multi_valued=True),
)  # fmt: skip

SCHEMA_SCHEMA = Schema(
    id="urn:ietf:params:scim:schemas:core:2.0:Schema",
    name="Schema",
    description="Specifies the schema attribute",
    attributes=_read_only(
        Attribute("id", "The schema's URI.", case_exact=True),
        Attribute("name", "The schema's name."),
        Attribute("description", "The schema's description."),
        Attribute(
            "attributes", "The schema's attributes.", Type.COMPLEX, multi_valued=True,
            required=True,
            sub_attributes=(
                *_ATTRIBUTE_FIELDS,
                Attribute("subAttributes", "A complex attribute's sub-attributes.",
                          Type.COMPLEX, multi_valued=True, sub_attributes=_ATTRIBUTE_FIELDS),
            ),
        ),
    ),
)  # fmt: skip

USER_TYPE = ResourceType(
    name="User",
    endpoint="/Users",
    description="A person-user of the token's account.",
    schema=USER_SCHEMA,
    common=(ID, EXTERNAL_ID, META),
)
# Groups are roles: there is nowhere to keep an external id for one.
GROUP_TYPE = ResourceType(
    name="Group",
    endpoint="/Groups",
    description="A role of the token's account.",
    schema=GROUP_SCHEMA,
    common=(ID, META),
)

RESOURCE_TYPES: tuple[ResourceType, ...] = (USER_TYPE, GROUP_TYPE)
SCHEMAS: tuple[Schema, ...] = (
    USER_SCHEMA,
    GROUP_SCHEMA,
    SERVICE_PROVIDER_CONFIG_SCHEMA,
    RESOURCE_TYPE_SCHEMA,
    SCHEMA_SCHEMA,
)

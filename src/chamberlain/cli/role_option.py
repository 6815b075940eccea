"""A role on the command line, by id or by name: ``--role 9``, ``--role "Account
Administrator"``, ``--role AccountAdmin`` all mean the same role."""

from __future__ import annotations

import click

from chamberlain.domain.roles import CATALOGUE, find_role


class RoleParam(click.ParamType[int]):
    """Converts a role id or name to the catalogue id."""

    name = "role"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> int:
        if isinstance(value, int):
            text = str(value)
        elif isinstance(value, str):
            text = value
        else:
            self.fail(f"{value!r} is not a role", param, ctx)
        role = find_role(text)
        if role is None:
            known = ", ".join(f"{r.id} ({r.name})" for r in CATALOGUE)
            self.fail(f"{text!r} is not a role; the roles are {known}", param, ctx)
        return role.id


ROLE = RoleParam()

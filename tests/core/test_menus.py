"""Each role's command menu (templates/menus.toml) lists only what that role may run, all of
it in that role's /trogiup, in the form Telegram accepts."""

from __future__ import annotations

import re

import pytest

from bot.core.menus import _menus, menu_for
from bot.rendering import Renderer
from handlers import build_router
from handlers.base import allowed
from models import Role

COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")  # setMyCommands: BotCommand.command


@pytest.mark.parametrize("role", list(Role))
def test_a_roles_menu_is_what_the_role_may_run_and_its_help_lists(role: Role) -> None:
    router = build_router()
    menu = menu_for(role)
    assert 1 <= len(menu) <= 100 and len({i.command for i in menu}) == len(menu)
    help_text = Renderer("").text("common/help", role=role.value)
    for item in menu:
        assert COMMAND.match(item.command) and 1 <= len(item.description) <= 256
        route = router.commands.get(item.command)
        assert route is not None, f"/{item.command} is no command"
        assert allowed(role, route.min_role), f"{role}: /{item.command} needs {route.min_role}"
        if item.command != "start":  # the greeting itself; help is its answer
            assert f"/{item.command}" in help_text, f"{role}: /{item.command} not in help"


def test_every_role_has_a_menu() -> None:
    assert set(_menus()) == {r.value for r in Role}

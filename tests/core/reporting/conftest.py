from __future__ import annotations

import pytest

from bot.core.reporting import ElementSet, load_elements


@pytest.fixture(scope="session")
def elements() -> ElementSet:
    return load_elements()

"""Moved to `bot.core.reporting.store`; this name stays only for `bot/core/nagging.py`,
which is being moved into the package on another branch. Delete once that lands."""

from bot.core.reporting.store import reported_sectors

__all__ = ["reported_sectors"]

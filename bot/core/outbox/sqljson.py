"""The JSON functions set-based planners need, spelled for PostgreSQL or SQLite.

Planners build each message's context inside the INSERT … SELECT, and read a unit's sector
list (a JSON array column) as rows. The two databases name these functions differently; this
is the one place that knows both spellings.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, func, literal, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.selectable import TableValuedAlias


class JsonSql:
    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == "postgresql"

    def object(self, **pairs: Any) -> ColumnElement[Any]:
        """A JSON object from SQL values; nested JSON values must come from `embed`."""
        args: list[Any] = []
        for key, value in pairs.items():
            args += [literal(key), value]
        return func.json_build_object(*args) if self.postgres else func.json_object(*args)

    def embed(self, value: Any) -> ColumnElement[Any]:
        """A JSON value read from a subquery column, to nest in `object` as JSON, not text.

        SQLite keeps the JSON subtype only for a json function's direct result.
        """
        return value if self.postgres else func.json(value)

    def elements(self, array: Any, name: str = "element") -> TableValuedAlias:
        """The array's items as rows with a column `value` (text), in array order by
        `position(...)`; `array` may be a column of a table in the same FROM (lateral)."""
        if self.postgres:
            return func.json_array_elements_text(array).table_valued(
                "value", with_ordinality="position", name=name, joins_implicitly=True
            ).render_derived()
        return func.json_each(array).table_valued("value", "key", name=name,
                                                  joins_implicitly=True)

    def position(self, elements: TableValuedAlias) -> ColumnElement[Any]:
        return elements.c.position if self.postgres else elements.c.key

    def array_of(self, value: Any, elements: TableValuedAlias,
                 where: ColumnElement[bool]) -> ColumnElement[Any]:
        """A scalar subquery: `value` for each element passing `where`, in array order."""
        if self.postgres:
            aggregated = func.coalesce(
                func.json_agg(aggregate_order_by(value, self.position(elements))),
                literal_column("'[]'::json"),
            )
            return select(aggregated).select_from(elements).where(where).scalar_subquery()
        # json_each yields items in array order and SQLite aggregates in scan order.
        return (select(func.json_group_array(value)).select_from(elements).where(where)
                .scalar_subquery())

    def distinct_array(self, value: Any) -> ColumnElement[Any]:
        """An aggregate: the distinct values as a JSON array ([] when none)."""
        if self.postgres:
            return func.coalesce(func.json_agg(value.distinct()), literal_column("'[]'::json"))
        return func.json_group_array(value.distinct())

    def first(self, array: Any) -> ColumnElement[Any]:
        """The array's first item as text, NULL when empty."""
        if self.postgres:
            first: ColumnElement[Any] = array.op("->>", return_type=String)(literal_column("0"))
            return first
        return func.json_extract(array, "$[0]")

    def length(self, array: Any) -> ColumnElement[Any]:
        return func.json_array_length(array)

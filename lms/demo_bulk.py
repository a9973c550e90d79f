"""Bulk writing for the demo's year of activity (courses/demo_activity.py,
exams/demo_activity.py)."""

from django.db import connection, models

from .models import User

BATCH = 2000


class HistoryUsers(dict):
    """Users standing for their pks, one each: history rows written in bulk
    take a User instance."""

    def __call__(self, user_id):
        if user_id is not None and user_id not in self:
            self[user_id] = User(pk=user_id)
        return self.get(user_id)


def insert_rows(model, names, rows):
    """INSERT rows (tuples of the named fields' Python values) in batches: what
    bulk_create does for these plain rows without its per-value preparation,
    about five times faster. Values are adapted by field type (datetimes,
    decimals, JSON) as Django adapts them for the database in use."""
    fields = [model._meta.get_field(name) for name in names]
    adapters = [_adapter(f) for f in fields]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    tuple(
                        value if adapt is None or value is None else adapt(value)
                        for adapt, value in zip(adapters, row, strict=True)
                    )
                    for row in rows[start : start + BATCH]
                ],
            )


def _adapter(field):
    """How a field's values are adapted for the database (None: as they are).
    Decimals and JSON repeat (points, short answers): adapted once each."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, (models.DecimalField, models.JSONField)):
        adapted = {}

        def adapt(value):
            key = repr(value)
            if key not in adapted:
                adapted[key] = field.get_db_prep_save(value, connection)
            return adapted[key]

        return adapt
    return None

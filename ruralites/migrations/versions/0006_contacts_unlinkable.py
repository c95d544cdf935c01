"""contacts unlinkable from answers: a questionnaire's contacts keep the month only, responses
lose their consent flag, volunteers are stored in the order of their random ids

A volunteer left in a questionnaire carried the response's exact time (and its channel), and the
response a consent flag: joining on them found the answers of 64 of the demo's 69 volunteers.
Existing rows are coarsened to the first day of their month (UTC) and their source becomes
`questionnaire`. On SQLite `volunteers` becomes a WITHOUT ROWID table (rows kept in the order of
their uuid4 ids); on PostgreSQL the table is rewritten in the order of its ids (CLUSTER).

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-04 12:45:00
"""

import sqlalchemy as sa
from alembic import op

import ruralites.models.base

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

UTC_DATETIME = ruralites.models.base.UTCDateTime(timezone=True)
CHANNELS = ("tablet", "online", "paper")

volunteers = sa.table(
    "volunteers",
    sa.column("id", sa.Uuid()),
    sa.column("source", sa.String(20)),
    sa.column("consent_at", UTC_DATETIME),
    sa.column("created_at", UTC_DATETIME),
)


def _month(at):
    return at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(volunteers.c.id, volunteers.c.consent_at)
                        .where(volunteers.c.source.in_(CHANNELS))
                        .order_by(volunteers.c.id)).all()
    for row in rows:
        month = _month(row.consent_at)
        conn.execute(volunteers.update().where(volunteers.c.id == row.id).values(
            consent_at=month, created_at=month, source="questionnaire"))
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("consent")
    if conn.dialect.name == "sqlite":
        with op.batch_alter_table("volunteers", recreate="always",
                                  table_kwargs={"sqlite_with_rowid": False}) as batch_op:
            pass
    else:
        op.execute("CLUSTER volunteers USING pk_volunteers")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "sqlite":
        with op.batch_alter_table("volunteers", recreate="always") as batch_op:
            pass
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

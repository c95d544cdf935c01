"""bundle uuids: evenings and votes get a UUID, so that a bundle from an evening's laptop finds
them again in the central database (responses, ideas, ballots, registrations and volunteers
already have UUID keys)

Existing rows get a fresh UUID each.

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-04 12:50:00
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = ("evenings", "votes")


def upgrade() -> None:
    conn = op.get_bind()
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("uuid", sa.Uuid(), nullable=True))
        rows = sa.table(table, sa.column("id", sa.Integer), sa.column("uuid", sa.Uuid()))
        for (row_id,) in conn.execute(sa.select(rows.c.id).order_by(rows.c.id)).all():
            conn.execute(rows.update().where(rows.c.id == row_id).values(uuid=uuid.uuid4()))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("uuid", existing_type=sa.Uuid(), nullable=False)
            batch_op.create_unique_constraint(batch_op.f(f"uq_{table}_uuid"), ["uuid"])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f"uq_{table}_uuid"), type_="unique")
            batch_op.drop_column("uuid")

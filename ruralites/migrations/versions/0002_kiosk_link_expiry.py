"""kiosk links expire: the date after which a tablet or phone link no longer opens

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:40:00
"""

import sqlalchemy as sa
from alembic import op

import ruralites.models.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kiosk_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_at", ruralites.models.base.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kiosk_links", schema=None) as batch_op:
        batch_op.drop_column("expires_at")

"""access hardening: a kiosk link keeps its questionnaire version and throttles its PIN; login
attempts know their client; a session can be handed to the browser's cookie once

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-04 12:50:00
"""

import sqlalchemy as sa
from alembic import op

import ruralites.models.base

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kiosk_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("survey_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("pin_failures", sa.Integer(), server_default="0",
                                      nullable=False))
        batch_op.add_column(sa.Column("pin_blocked_until",
                                      ruralites.models.base.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_kiosk_links_survey_version_id_survey_versions"), "survey_versions",
            ["survey_version_id"], ["id"])
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_login_attempts_client"), ["client"], unique=False)
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handoff_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("handoff_expires_at",
                                      ruralites.models.base.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column("cookie_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_user_sessions_handoff_hash"),
                                          ["handoff_hash"])
        batch_op.create_unique_constraint(batch_op.f("uq_user_sessions_cookie_hash"),
                                          ["cookie_hash"])


def downgrade() -> None:
    with op.batch_alter_table("user_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_sessions_cookie_hash"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_user_sessions_handoff_hash"), type_="unique")
        batch_op.drop_column("cookie_hash")
        batch_op.drop_column("handoff_expires_at")
        batch_op.drop_column("handoff_hash")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_attempts_client"))
        batch_op.drop_column("client")
    with op.batch_alter_table("kiosk_links", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_kiosk_links_survey_version_id_survey_versions"),
                                 type_="foreignkey")
        batch_op.drop_column("pin_blocked_until")
        batch_op.drop_column("pin_failures")
        batch_op.drop_column("survey_version_id")

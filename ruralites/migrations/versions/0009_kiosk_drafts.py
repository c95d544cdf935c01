"""kiosk drafts: a questionnaire in progress kept by its form's UUID (reload, server restart),
and the answers sent through a revoked or expired link held for staff review

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 17:45:00
"""

import sqlalchemy as sa
from alembic import op

from ruralites.models.base import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kiosk_drafts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("section", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("held_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint("channel IN ('tablet', 'online')", name=op.f("ck_kiosk_drafts_channel")),
        sa.ForeignKeyConstraint(["link_id"], ["kiosk_links.id"],
                                name=op.f("fk_kiosk_drafts_link_id_kiosk_links"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["survey_version_id"], ["survey_versions.id"],
                                name=op.f("fk_kiosk_drafts_survey_version_id_survey_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_drafts")),
    )
    with op.batch_alter_table("kiosk_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kiosk_drafts_link_id"), ["link_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_kiosk_drafts_updated_at"), ["updated_at"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("kiosk_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kiosk_drafts_updated_at"))
        batch_op.drop_index(batch_op.f("ix_kiosk_drafts_link_id"))
    op.drop_table("kiosk_drafts")

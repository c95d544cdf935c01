"""guide: staff-written sections of the capitalisation guide and testimonies with consent

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 12:00:00
"""

import sqlalchemy as sa
from alembic import op

import ruralites.models.base

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

UTC_DATETIME = ruralites.models.base.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "guide_sections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"],
                                name=op.f("fk_guide_sections_campaign_id_campaigns"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"],
                                name=op.f("fk_guide_sections_updated_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_sections")),
        sa.UniqueConstraint("campaign_id", "key", name="uq_guide_sections_campaign_key"),
    )
    with op.batch_alter_table("guide_sections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guide_sections_campaign_id"), ["campaign_id"],
                              unique=False)
    op.create_table(
        "guide_testimonies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=True),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=False),
        sa.Column("consent_how", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaigns.id"],
                                name=op.f("fk_guide_testimonies_campaign_id_campaigns"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"],
                                name=op.f("fk_guide_testimonies_recorded_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_testimonies")),
    )
    with op.batch_alter_table("guide_testimonies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_guide_testimonies_campaign_id"), ["campaign_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("guide_testimonies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_testimonies_campaign_id"))
    op.drop_table("guide_testimonies")
    with op.batch_alter_table("guide_sections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guide_sections_campaign_id"))
    op.drop_table("guide_sections")

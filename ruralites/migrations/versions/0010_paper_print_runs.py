"""paper print runs: each printing of numbered paper questionnaires is recorded, so that a
commune's sheet numbers continue from one printing to the next

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:00:00
"""

import sqlalchemy as sa
from alembic import op

from ruralites.models.base import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_print_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commune_code", sa.String(length=5), nullable=False),
        sa.Column("survey_slug", sa.String(length=80), nullable=False),
        sa.Column("first_number", sa.Integer(), nullable=False),
        sa.Column("sheet_count", sa.Integer(), nullable=False),
        sa.Column("printed_at", UTCDateTime(), nullable=False),
        sa.Column("printed_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["printed_by"], ["users.id"],
                                name=op.f("fk_paper_print_runs_printed_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_print_runs")),
    )
    with op.batch_alter_table("paper_print_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_paper_print_runs_commune_code"), ["commune_code"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("paper_print_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paper_print_runs_commune_code"))
    op.drop_table("paper_print_runs")

"""orientation: support schemes from three sources, the commune's project, the schemes chosen and
their follow-up; the consent version of a volunteer; the checksum of a shipped data file
last synced

The `support_schemes` and `orientations` tables of 0001 were placeholders that no code ever
wrote to: they are replaced (dropped and created again in their new shape), which is simpler and
safer on SQLite than altering every column. `volunteers` keeps its rows and gains a column.

Independent of the evenings tables (it may be chained after their migration).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import ruralites.models.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UTC_DATETIME = ruralites.models.base.UTCDateTime(timezone=True)


def _drop_placeholders() -> None:
    with op.batch_alter_table("orientations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orientations_participation_id"))
    op.drop_table("orientations")
    op.drop_table("support_schemes")


def upgrade() -> None:
    _drop_placeholders()
    op.create_table(
        "reference_data",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("checksum", sa.String(length=64), nullable=False),
        sa.Column("synced_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_reference_data")),
    )
    op.create_table(
        "support_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("external_id", sa.String(length=40), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("short_name", sa.Text(), nullable=False),
        sa.Column("operator", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=False),
        sa.Column("offer", sa.JSON(), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("carriers", sa.JSON(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("all_themes", sa.Boolean(), nullable=False),
        sa.Column("territory", sa.JSON(), nullable=False),
        sa.Column("limits", sa.JSON(), nullable=False),
        sa.Column("population_under", sa.Integer(), nullable=True),
        sa.Column("source_urls", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.String(length=20), nullable=False),
        sa.Column("confidence_note", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("not_for_orientation", sa.Text(), nullable=False),
        sa.Column("submission_deadline", sa.Date(), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("catalogue_row", sa.Integer(), nullable=True),
        sa.Column("imported", sa.JSON(), nullable=True),
        sa.Column("override", sa.JSON(), nullable=True),
        sa.Column("retired_at", UTC_DATETIME, nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("source IN ('catalogue', 'aides-territoires', 'staff')",
                           name=op.f("ck_support_schemes_source")),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"],
                                name=op.f("fk_support_schemes_updated_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_schemes")),
        sa.UniqueConstraint("external_id", name=op.f("uq_support_schemes_external_id")),
        sa.UniqueConstraint("slug", name=op.f("uq_support_schemes_slug")),
    )
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("carrier", sa.String(length=20), nullable=False),
        sa.Column("employer", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "carrier IN ('informal_group', 'association', 'commune', 'cooperative', "
            "'entrepreneur')", name=op.f("ck_projects_carrier")),
        sa.CheckConstraint("stage IN ('idea', 'structuring', 'creation', 'development')",
                           name=op.f("ck_projects_stage")),
        sa.ForeignKeyConstraint(["participation_id"], ["participations.id"],
                                name=op.f("fk_projects_participation_id_participations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"],
                                name=op.f("fk_projects_updated_by_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
        sa.UniqueConstraint("participation_id", name=op.f("uq_projects_participation_id")),
    )
    op.create_table(
        "orientations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("chosen_on", sa.Date(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("carrier", sa.String(length=20), nullable=False),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["participation_id"], ["participations.id"],
                                name=op.f("fk_orientations_participation_id_participations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"],
                                name=op.f("fk_orientations_recorded_by_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["scheme_id"], ["support_schemes.id"],
                                name=op.f("fk_orientations_scheme_id_support_schemes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientations")),
        sa.UniqueConstraint("participation_id", "scheme_id",
                            name="uq_orientations_participation_scheme"),
    )
    with op.batch_alter_table("orientations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orientations_participation_id"),
                              ["participation_id"], unique=False)
    op.create_table(
        "orientation_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("orientation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_at", UTC_DATETIME, nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('contacted', 'first_meeting', 'application_filed', 'support_granted', "
            "'support_refused', 'project_launched', 'abandoned')",
            name=op.f("ck_orientation_steps_kind")),
        sa.ForeignKeyConstraint(["orientation_id"], ["orientations.id"],
                                name=op.f("fk_orientation_steps_orientation_id_orientations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by"], ["users.id"],
                                name=op.f("fk_orientation_steps_recorded_by_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientation_steps")),
    )
    with op.batch_alter_table("orientation_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orientation_steps_orientation_id"),
                              ["orientation_id"], unique=False)
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent_version", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("volunteers", schema=None) as batch_op:
        batch_op.drop_column("consent_version")
    with op.batch_alter_table("orientation_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orientation_steps_orientation_id"))
    op.drop_table("orientation_steps")
    _drop_placeholders()  # the new orientations and support_schemes
    op.drop_table("projects")
    op.drop_table("reference_data")
    # The placeholders of 0001, as they were.
    op.create_table(
        "support_schemes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("operator", sa.Text(), nullable=True),
        sa.Column("offer", sa.Text(), nullable=True),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("carriers", sa.JSON(), nullable=False),
        sa.Column("themes", sa.JSON(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("confidence", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_schemes")),
        sa.UniqueConstraint("slug", name=op.f("uq_support_schemes_slug")),
    )
    op.create_table(
        "orientations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"],
                                name=op.f("fk_orientations_created_by_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["participation_id"], ["participations.id"],
                                name=op.f("fk_orientations_participation_id_participations"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["scheme_id"], ["support_schemes.id"],
                                name=op.f("fk_orientations_scheme_id_support_schemes")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientations")),
    )
    with op.batch_alter_table("orientations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orientations_participation_id"),
                              ["participation_id"], unique=False)

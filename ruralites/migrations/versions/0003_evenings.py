"""evenings of every kind: capacity, outcome, registrations and their links; witnesses catalogue

Evenings get a capacity, what came out of them and when they were recorded as held; the people
who register (a registration kiosk link is bound to one evening); invited witnesses confirm and
speak; a witness gets a project title, the project's commune, year, scale, the scope and expiry
of their consent and a stable identity (folded person, organisation and project title).

Witness rows of the first schema are kept: `project` becomes the description (its first line
the title), `territory` is appended to the notes, `consent_at` becomes the consent date.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 00:30:00
"""

import hashlib

import sqlalchemy as sa
from alembic import op

import ruralites.models.base

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UTC_DATETIME = ruralites.models.base.UTCDateTime(timezone=True)


def _identity(name, organisation, title) -> str:
    # Keep in step with ruralites.evenings.witnesses.identity_key.
    from ruralites.text import folded_words

    key = "\x1f".join(folded_words(part) for part in (name, organisation, title))
    return hashlib.sha256(key.encode()).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("evenings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("held_at", UTC_DATETIME, nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_evenings_capacity"), "capacity IS NULL OR capacity >= 1")
        batch_op.create_check_constraint(
            op.f("ck_evenings_attendance"), "attendance IS NULL OR attendance >= 0")

    with op.batch_alter_table("evening_witnesses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confirmed", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column("spoke", sa.Boolean(), nullable=True))

    op.create_table(
        "registrations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("evening_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=True),
        sa.Column("person_key", sa.String(length=64), nullable=False),
        sa.Column("waiting", sa.Boolean(), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("consent_text", sa.Text(), nullable=False),
        sa.Column("consent_version", sa.String(length=40), nullable=False),
        sa.Column("consent_at", UTC_DATETIME, nullable=False),
        sa.Column("registered_at", UTC_DATETIME, nullable=False),
        sa.Column("entered_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("source IN ('link', 'staff')", name=op.f("ck_registrations_source")),
        sa.ForeignKeyConstraint(["entered_by"], ["users.id"],
                                name=op.f("fk_registrations_entered_by_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["evening_id"], ["evenings.id"],
                                name=op.f("fk_registrations_evening_id_evenings"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint("evening_id", "person_key", name="uq_registrations_evening_person"),
    )
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registrations_evening_id"), ["evening_id"], unique=False)

    with op.batch_alter_table("kiosk_links", schema=None) as batch_op:
        batch_op.add_column(sa.Column("evening_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_kiosk_links_evening_id_evenings"), "evenings",
                                    ["evening_id"], ["id"], ondelete="CASCADE")
        batch_op.create_index(batch_op.f("ix_kiosk_links_evening_id"), ["evening_id"], unique=False)
        batch_op.drop_constraint(op.f("ck_kiosk_links_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_kiosk_links_kind"),
                                         "kind IN ('survey', 'vote', 'registration')")

    _upgrade_witnesses()


def _upgrade_witnesses() -> None:
    with op.batch_alter_table("witnesses", schema=None) as batch_op:
        batch_op.alter_column("project", new_column_name="description",
                              existing_type=sa.Text(), existing_nullable=True)
        batch_op.add_column(sa.Column("project_title", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("commune_code", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("budget_band", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("people_involved", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("consent_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("consent_until", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("consent_scope", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("availability", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("identity_key", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("updated_at", UTC_DATETIME, nullable=True))

    bind = op.get_bind()
    witnesses = sa.table(
        "witnesses", sa.column("id", sa.Integer()), sa.column("name", sa.String()),
        sa.column("organisation", sa.String()), sa.column("description", sa.Text()),
        sa.column("territory", sa.String()), sa.column("notes", sa.Text()),
        sa.column("consent_at", UTC_DATETIME), sa.column("consent_on", sa.Date()),
        sa.column("project_title", sa.String()), sa.column("identity_key", sa.String()),
    )
    seen: set[str] = set()
    for row in bind.execute(sa.select(witnesses)).mappings().all():
        title = ((row["description"] or "").strip().splitlines() or [""])[0][:200] or "Projet"
        key = _identity(row["name"], row["organisation"], title)
        if key in seen:  # two old rows for one witness and project: both kept, told apart
            key = hashlib.sha256(f"{key}:{row['id']}".encode()).hexdigest()
        seen.add(key)
        notes = row["notes"]
        if row["territory"]:
            notes = ((notes + " — ") if notes else "") + f"Territoire : {row['territory']}"
        bind.execute(witnesses.update().where(witnesses.c.id == row["id"]).values(
            project_title=title, identity_key=key, notes=notes,
            consent_on=row["consent_at"].date() if row["consent_at"] else None))

    with op.batch_alter_table("witnesses", schema=None) as batch_op:
        batch_op.alter_column("project_title", existing_type=sa.String(length=200),
                              nullable=False)
        batch_op.alter_column("identity_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_column("territory")
        batch_op.drop_column("consent_at")
        batch_op.create_unique_constraint(batch_op.f("uq_witnesses_identity_key"), ["identity_key"])
        batch_op.create_foreign_key(batch_op.f("fk_witnesses_commune_code_communes"), "communes",
                                    ["commune_code"], ["code_insee"])
        batch_op.create_index(batch_op.f("ix_witnesses_commune_code"), ["commune_code"],
                              unique=False)
        batch_op.create_check_constraint(
            op.f("ck_witnesses_budget_band"),
            "budget_band IN ('lt10k', '10-50k', '50-200k', '200k-1m', 'gt1m')")
        batch_op.create_check_constraint(
            op.f("ck_witnesses_consent_scope"), "consent_scope IN ('listed', 'contacted')")
        batch_op.create_check_constraint(
            op.f("ck_witnesses_people_involved"), "people_involved IS NULL OR people_involved >= 0")


def downgrade() -> None:
    with op.batch_alter_table("witnesses", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_witnesses_people_involved"), type_="check")
        batch_op.drop_constraint(op.f("ck_witnesses_consent_scope"), type_="check")
        batch_op.drop_constraint(op.f("ck_witnesses_budget_band"), type_="check")
        batch_op.drop_index(batch_op.f("ix_witnesses_commune_code"))
        batch_op.drop_constraint(batch_op.f("fk_witnesses_commune_code_communes"),
                                 type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_witnesses_identity_key"), type_="unique")
        batch_op.add_column(sa.Column("consent_at", UTC_DATETIME, nullable=True))
        batch_op.add_column(sa.Column("territory", sa.String(length=200), nullable=True))

    bind = op.get_bind()
    witnesses = sa.table(
        "witnesses", sa.column("id", sa.Integer()), sa.column("description", sa.Text()),
        sa.column("project_title", sa.String()), sa.column("consent_on", sa.Date()),
        sa.column("consent_at", UTC_DATETIME),
    )
    from datetime import UTC, datetime

    for row in bind.execute(sa.select(witnesses)).mappings().all():
        description = row["description"] or ""
        if not description.startswith(row["project_title"]):
            description = f"{row['project_title']}\n{description}".strip()
        consent = row["consent_on"]
        bind.execute(witnesses.update().where(witnesses.c.id == row["id"]).values(
            description=description or None,
            consent_at=datetime(consent.year, consent.month, consent.day, 12, tzinfo=UTC)
            if consent else None))

    with op.batch_alter_table("witnesses", schema=None) as batch_op:
        for column in ("updated_at", "identity_key", "availability", "consent_scope",
                       "consent_until", "consent_on", "people_involved", "budget_band", "year",
                       "commune_code", "project_title"):
            batch_op.drop_column(column)
        batch_op.alter_column("description", new_column_name="project",
                              existing_type=sa.Text(), existing_nullable=True)

    with op.batch_alter_table("kiosk_links", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_kiosk_links_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_kiosk_links_kind"), "kind IN ('survey', 'vote')")
        batch_op.drop_index(batch_op.f("ix_kiosk_links_evening_id"))
        batch_op.drop_constraint(batch_op.f("fk_kiosk_links_evening_id_evenings"),
                                 type_="foreignkey")
        batch_op.drop_column("evening_id")

    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registrations_evening_id"))
    op.drop_table("registrations")

    with op.batch_alter_table("evening_witnesses", schema=None) as batch_op:
        batch_op.drop_column("spoke")
        batch_op.drop_column("confirmed")

    with op.batch_alter_table("evenings", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_evenings_attendance"), type_="check")
        batch_op.drop_constraint(op.f("ck_evenings_capacity"), type_="check")
        batch_op.drop_column("held_at")
        batch_op.drop_column("outcome")
        batch_op.drop_column("capacity")

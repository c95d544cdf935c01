"""The capitalisation guide: what staff write for it (narrative sections, kept as drafts while
they type) and the testimonies quoted in it, each with the consent of its author."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ruralites.models.base import Base, created_at, intpk, str200


class GuideSection(Base):
    """One staff-written section of a campaign's guide ("synthesis", "advice", "next:22366"…)."""

    __tablename__ = "guide_sections"
    __table_args__ = (UniqueConstraint("campaign_id", "key", name="uq_guide_sections_campaign_key"),)

    id: Mapped[intpk]
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"),
                                             index=True)
    key: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class Testimony(Base):
    """A quote for the guide, printed only with its author's recorded consent."""

    __tablename__ = "guide_testimonies"

    id: Mapped[intpk]
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"),
                                             index=True)
    commune_code: Mapped[str | None] = mapped_column(String(5))
    quote: Mapped[str] = mapped_column(Text)
    author: Mapped[str200]  # how the author agreed to be named ("Marie, habitante de Trémel")
    consent_on: Mapped[date]
    consent_how: Mapped[str] = mapped_column(Text)  # "accord écrit", "oral, soirée du 25 avril"…
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[created_at]

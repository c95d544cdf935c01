"""Phase 3: the support-scheme catalogue (dispositifs) and the orientations made from it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ruralites.models.base import Base, created_at, intpk, str80, str200


class SupportScheme(Base):
    """A dispositif d'accompagnement from the catalogue."""

    __tablename__ = "support_schemes"

    id: Mapped[intpk]
    slug: Mapped[str80] = mapped_column(unique=True)
    name: Mapped[str200]
    operator: Mapped[str | None] = mapped_column(Text)
    offer: Mapped[str | None] = mapped_column(Text)
    stages: Mapped[list[Any]] = mapped_column(default=list)
    carriers: Mapped[list[Any]] = mapped_column(default=list)
    themes: Mapped[list[Any]] = mapped_column(default=list)
    url: Mapped[str | None] = mapped_column(Text)
    confidence: Mapped[str | None] = mapped_column(String(20))


class Orientation(Base):
    """What was recommended to a commune and its group of inhabitants, why, and what they chose."""

    __tablename__ = "orientations"

    id: Mapped[intpk]
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participations.id", ondelete="CASCADE"), index=True
    )
    scheme_id: Mapped[int] = mapped_column(ForeignKey("support_schemes.id"))
    reason: Mapped[str] = mapped_column(Text)
    chosen: Mapped[bool] = mapped_column(default=False)
    override_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[created_at]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    scheme: Mapped[SupportScheme] = relationship()

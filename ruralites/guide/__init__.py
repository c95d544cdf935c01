"""The capitalisation guide: its content gathered through the domain's read functions
(`collect`), staff-written sections and testimonies (`narrative`), drawn as PDF (`pdf`,
`charts`) or DOCX (`docx`); the one-page fiche commune (`summary`); `build` runs a build."""

from ruralites.guide.build import FORMATS, build
from ruralites.guide.collect import build_guide, commune_chapter
from ruralites.guide.content import CHAPTERS, CommuneChapter, Guide
from ruralites.guide.narrative import (
    NEXT_TITLE,
    SECTION_LIMIT,
    SECTIONS,
    GuideError,
    TestimonyInfo,
    add_testimony,
    check_image,
    delete_testimony,
    next_key,
    save_section,
    section_saved_at,
    sections,
    testimonies,
)
from ruralites.guide.preview import page_count, page_images
from ruralites.guide.summary import (
    CommuneSummary,
    check_summary,
    commune_summary,
    render_summary_pdf,
    summary_available,
)

__all__ = [
    "CHAPTERS",
    "CommuneChapter",
    "CommuneSummary",
    "FORMATS",
    "Guide",
    "GuideError",
    "NEXT_TITLE",
    "SECTIONS",
    "SECTION_LIMIT",
    "TestimonyInfo",
    "add_testimony",
    "build",
    "build_guide",
    "check_image",
    "check_summary",
    "commune_chapter",
    "commune_summary",
    "delete_testimony",
    "next_key",
    "page_count",
    "page_images",
    "render_summary_pdf",
    "save_section",
    "section_saved_at",
    "sections",
    "summary_available",
    "testimonies",
]

"""Benchmark: how long the questionnaire takes a first-time user on the kiosk, without a clock.

Counts, screen by screen, what a person must read and tap to answer every question once (each
`show_if` question shown, as for someone who says yes to helping and to being kept in touch):

- words to read: the title and description (first screen), the progress line, each section's
  title and help, each question's label, help and the notes the kiosk adds ("Plusieurs réponses
  possibles."), every choice (with "Autre (précisez)"), the scale's end labels, the buttons, the
  "Texte plus grand" switch once, and the thank-you screen;
- taps: one per question (a choice, a point on a scale, or focusing a text field) and one per
  screen (Suivant / Envoyer);
- typing, reported apart: a few words in each free-text field, for those who write.

Minutes = words / reading speed + taps × seconds per tap. Target: ≤ 5 minutes (reading + taps).

    .venv/bin/python benchmarks/questionnaire_reading.py [surveys/ecoute-habitants.yaml]
        [--wpm 150] [--tap-seconds 3] [--typed-words 5] [--typing-wpm 10]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ruralites.surveys import load_survey  # noqa: E402
from ruralites.ui.kiosk.questionnaire import QUESTIONNAIRE  # noqa: E402

TARGET_MINUTES = 5.0
NEXT, SEND, SWITCH = "Suivant →", "Envoyer mes réponses ✓", "Texte plus grand"
NOTES = {"multiple_choice": "Plusieurs réponses possibles.",
         "ranking": "Choisissez dans l'ordre de préférence : le premier est votre préféré."}
TEXT_TYPES = {"short_text", "long_text"}


def words(*texts: str | None) -> int:
    """Words a person reads: tokens with a letter or a digit (not "→", "—", "*")."""
    return sum(1 for text in texts if text for token in text.split() if re.search(r"\w", token))


def screens(survey, lang: str = "fr") -> list[dict]:
    rows = []
    count = len(survey.sections)
    for index, section in enumerate(survey.sections):
        read = words(f"Étape {index + 1} sur {count}", section.title(lang), section.help(lang))
        if index == 0:
            read += words(survey.title(lang), survey.description(lang), SWITCH)
        taps = typing = 0
        for q in section.questions:
            read += words(q.label(lang), q.help(lang), NOTES.get(q.type))
            read += words(*(c.label(lang) for c in q.options))
            if q.type == "scale":
                read += words(q.min_label(lang), q.max_label(lang)) + int((q.max or 5) - (q.min or 1) + 1)
            if q.type == "yes_no":
                read += 2  # Oui, Non
            taps += 1
            typing += q.type in TEXT_TYPES
        last = index == count - 1
        read += words(SEND if last else NEXT) + (words("← Retour") if index else 0)
        rows.append({"screen": f"{index + 1}. {section.title(lang)}", "questions": len(section.questions),
                     "words": read, "taps": taps + 1, "text_fields": typing})
    thanks = words(QUESTIONNAIRE.thanks_title, *QUESTIONNAIRE.thanks_lines)
    rows.append({"screen": "Merci", "questions": 0, "words": thanks, "taps": 0, "text_fields": 0})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "surveys" / "ecoute-habitants.yaml"))
    parser.add_argument("--wpm", type=float, default=150, help="reading speed, words a minute")
    parser.add_argument("--tap-seconds", type=float, default=3, help="seconds per tap")
    parser.add_argument("--typed-words", type=int, default=5, help="words typed per text field")
    parser.add_argument("--typing-wpm", type=float, default=10, help="typing speed on a tablet")
    args = parser.parse_args()
    survey = load_survey(args.path)
    rows = screens(survey)
    print(f"{survey.id} — {Path(args.path).name}")
    print(f"{'écran':<44} {'questions':>9} {'mots':>6} {'touches':>8} {'champs texte':>13}")
    for r in rows:
        print(f"{r['screen'][:44]:<44} {r['questions']:>9} {r['words']:>6} {r['taps']:>8} "
              f"{r['text_fields']:>13}")
    total_words = sum(r["words"] for r in rows)
    total_taps = sum(r["taps"] for r in rows)
    fields = sum(r["text_fields"] for r in rows)
    reading = total_words / args.wpm
    tapping = total_taps * args.tap_seconds / 60
    typing = fields * args.typed_words / args.typing_wpm
    minutes = reading + tapping
    print(f"\nécrans : {len(rows) - 1} (+ merci) ; questions : {len(survey.questions())} ; "
          f"mots à lire : {total_words} ; touches : {total_taps}")
    print(f"lecture : {reading:.1f} min à {args.wpm:g} mots/min ; touches : {tapping:.1f} min à "
          f"{args.tap_seconds:g} s ; total : {minutes:.1f} min (objectif ≤ {TARGET_MINUTES:g} min)")
    print(f"si l'on écrit aussi dans les {fields} champs libres ({args.typed_words} mots à "
          f"{args.typing_wpm:g} mots/min) : + {typing:.1f} min, soit {minutes + typing:.1f} min")
    return 0 if minutes <= TARGET_MINUTES else 1


if __name__ == "__main__":
    sys.exit(main())

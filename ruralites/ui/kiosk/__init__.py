"""The kiosk: what a shared tablet or a phone shows through a link (questionnaire, vote, registration for an evening)."""

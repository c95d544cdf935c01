"""Listening to inhabitants: kiosk links, responses (tablet, online, paper), import and export."""

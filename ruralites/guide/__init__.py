"""The capitalisation guide: content gathered from the domain, drawn as PDF or DOCX."""

"""The draft checker: read any .docx (or text), find each part, report what is missing or off-layout."""

"""The course's Markdown dialect: fenced blocks with their source lines, the course's Markdown extensions."""

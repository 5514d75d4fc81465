"""The reveal.js slide decks: slides split from module pages, deck lint, deck files, PDF export."""

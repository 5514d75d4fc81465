"""The course model: manifest, modules and exercises, front matter, variants, audiences."""

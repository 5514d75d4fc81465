"""The MkDocs site adapter: structure, validation pass, workers, serve rebuilds, safe build, release zip."""

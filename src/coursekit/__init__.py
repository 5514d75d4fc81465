"""coursekit: the library behind the course's MkDocs hooks and the ``course-check`` CLI.

Every module here is plain Python (text in, data or findings out) so that it can be
unit-tested and run without MkDocs.  The files in ``hooks/*.py`` only translate MkDocs
events into calls of this package.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"

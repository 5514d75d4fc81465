"""The ``command`` kind: ``docker`` command lines checked against the Docker CLI grammar."""

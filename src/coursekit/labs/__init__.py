"""Run the labs: every exercise and demo of a course variant as a script, executed against a
real container engine, with outputs compared to the pages (``nox -s labs``, ``course-labs``).

- ``annotations``: the ``<!-- labs: ... -->`` dialect (skip, run, input, exit, timeout, unchecked, check)
- ``pages``: what the runner reads from an exercise page (console and output blocks, checks)
- ``plan``: pages -> steps, needs no engine
- ``masks``: what legitimately varies in an output, and the comparison with a readable diff
- ``engine``: docker or podman, the shell session, before/after inventory and cleanup
- ``run``: executes a plan; ``report``: summary table and JUnit XML; ``record``: outputs back into pages
"""

import sys

# `python -m migrate_cli` puts the working directory first on sys.path; the repository being migrated
# must never shadow the standard library or the tool's own dependencies (an `ast.py`, an `enum.py`, …).
if sys.path and sys.path[0] in ("", "."):
    del sys.path[0]
else:
    import os

    if sys.path and os.path.abspath(sys.path[0]) == os.getcwd():
        del sys.path[0]

from migrate_cli.console import main

main()

"""The pipeline every command runs: list the files, run each through its handler (cached), merge the providers'
runs, report."""

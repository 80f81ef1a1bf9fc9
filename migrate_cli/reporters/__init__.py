"""One module per output format; each renders a finished RunReport and nothing else."""

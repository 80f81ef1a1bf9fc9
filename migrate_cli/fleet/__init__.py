"""Many repositories (README, Migrating many repositories): the all-repos autofixer (`autofix`) and the `git diff`
filter it uses to
keep secret keys out of the diffs it prints (`redact`). Installed with the `fleet` extra."""

"""The repository-wide decision: which requests move, which clients and ids stay, what env files do (docs/design.md)."""

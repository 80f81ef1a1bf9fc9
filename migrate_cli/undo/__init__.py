"""The migration record `apply` keeps, and `revert`, which replays it backwards."""

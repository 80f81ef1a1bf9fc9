"""Python rewrite rules. Import order is run order: client analysis first, the rest read its verdicts."""
# ruff: noqa: I001  (the order below is the order the rules run in, not an alphabet)

from migrate_cli.fixers import (  # noqa: F401  (imported to register)
    clients,
    split,
    constructors,
    module_settings,
    openai_urls,
    reverse_config,
    model_ids,
    api_usage,
)
from migrate_cli.fixers.base import PYTHON_FIXERS, fixers_for

__all__ = ["PYTHON_FIXERS", "fixers_for"]

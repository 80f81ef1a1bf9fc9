"""Python rewrite rules. Import order is run order: client analysis first, the rest read its verdicts."""

from migrate_cli.fixers import (  # noqa: F401  (imported to register)
    clients,
    constructors,
    module_settings,
    openai_urls,
    model_ids,
    api_usage,
)
from migrate_cli.fixers.base import PYTHON_FIXERS

__all__ = ["PYTHON_FIXERS"]

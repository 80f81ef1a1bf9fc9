"""Python files: the analysis of one module, its facts for the resolution, the rewrite rules' base and the LibCST
edits."""

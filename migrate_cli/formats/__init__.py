"""Configuration files: one module per format, each finding string values in the text and editing them in
place, so that only the changed values differ (no re-dump, no re-indentation, comments kept)."""

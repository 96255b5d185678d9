"""Practice's tables, one module per concern (imported here so Django finds them)."""

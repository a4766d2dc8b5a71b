"""Customer pathologies (connector-rules section A)."""

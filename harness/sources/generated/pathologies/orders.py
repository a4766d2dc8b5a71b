"""Order, tax and extension pathologies (connector-rules sections D, E, I, J)."""

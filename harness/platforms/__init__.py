"""One package per simulated platform (wire, endpoint, client), and the shared HTTP machinery in ``http``."""

"""Books-side item and name-list pathologies (connector-rules #5, #10, #17, #19, #20)."""

"""The matching engine: pure Python, no Flask or database imports."""

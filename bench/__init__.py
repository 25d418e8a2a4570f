"""Benchmarks with seeded synthetic data; run them with `make bench`."""

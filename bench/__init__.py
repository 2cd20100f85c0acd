"""Benchmarks: each prints the project's figure beside its limit (design.md, "Performance targets")."""

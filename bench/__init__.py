"""Benchmarks: run by hand (see README, "Benchmarks"), never by `make test`."""

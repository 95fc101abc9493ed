"""Instructor tooling: not part of the package students import."""

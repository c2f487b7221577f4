"""Shared fixtures come from houqin.core.testing (the pytest11 plugin)."""

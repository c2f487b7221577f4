"""Storage: one MetaData, the engine set-up, the unit of work and migrations."""

from houqin.core.db.metadata import metadata

__all__ = ["metadata"]

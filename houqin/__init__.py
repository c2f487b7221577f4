"""houqin (后勤): the logistics office of a school."""

__version__ = "0.1.0"

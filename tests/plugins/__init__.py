"""Plugins written as a third party would, to prove the plugin mechanism end to end."""

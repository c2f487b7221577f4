"""The site's blueprints, one per part of the application."""

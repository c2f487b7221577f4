"""The organisation: campuses, buildings, rooms, departments, classes, people, users."""

"""Tables of the organisation area."""

from __future__ import annotations

import sqlalchemy as sa

from houqin.core.db.metadata import UTCDateTime, metadata

campus = sa.Table(
    "campus",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(60), nullable=False, unique=True),
    sa.Column("code", sa.String(20), nullable=True, unique=True),
    sa.Column("address", sa.String(200), nullable=False, server_default=""),
)

building = sa.Table(
    "building",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campus_id", sa.ForeignKey("campus.id"), nullable=False, index=True),
    sa.Column("name", sa.String(60), nullable=False),
    sa.Column("floors", sa.Integer, nullable=True),
    sa.Column("use", sa.String(30), nullable=False, server_default=""),
    sa.UniqueConstraint("campus_id", "name"),
)

room = sa.Table(
    "room",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("building_id", sa.ForeignKey("building.id"), nullable=False, index=True),
    sa.Column("name", sa.String(60), nullable=False),
    sa.Column("floor", sa.Integer, nullable=True),
    sa.Column("kind", sa.String(20), nullable=False, index=True),
    sa.Column("area", sa.Numeric(10, 2), nullable=True),
    sa.Column("capacity", sa.Integer, nullable=True),
    sa.UniqueConstraint("building_id", "name"),
)

department = sa.Table(
    "department",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(60), nullable=False, unique=True),
    sa.Column("parent_id", sa.ForeignKey("department.id"), nullable=True, index=True),
    sa.Column("campus_id", sa.ForeignKey("campus.id"), nullable=True, index=True),
)

person = sa.Table(
    "person",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(60), nullable=False, index=True),
    sa.Column("staff_no", sa.String(30), nullable=True, unique=True),
    sa.Column("department_id", sa.ForeignKey("department.id"), nullable=True, index=True),
    sa.Column("position", sa.String(60), nullable=False, server_default=""),
    sa.Column("phone", sa.String(30), nullable=False, server_default=""),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
)

school_class = sa.Table(
    "school_class",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("campus_id", sa.ForeignKey("campus.id"), nullable=False, index=True),
    sa.Column("name", sa.String(60), nullable=False),
    sa.Column("grade", sa.String(30), nullable=False, server_default=""),
    sa.Column("head_teacher_id", sa.ForeignKey("person.id"), nullable=True, index=True),
    sa.Column("room_id", sa.ForeignKey("room.id"), nullable=True, index=True),
    sa.UniqueConstraint("campus_id", "name"),
)

user_account = sa.Table(
    "user_account",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(60), nullable=False, unique=True),
    sa.Column("display_name", sa.String(60), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("person_id", sa.ForeignKey("person.id"), nullable=True, index=True),
    sa.Column("language", sa.String(10), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("password_changed_at", UTCDateTime, nullable=False),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", UTCDateTime, nullable=True),
    # Raised when a password changes, an account is switched off or the user logs
    # out everywhere: a session that carries an older number is over.
    sa.Column("session_version", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_login_at", UTCDateTime, nullable=True),
)

user_role = sa.Table(
    "user_role",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column(
        "user_id", sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    sa.Column("role", sa.String(60), nullable=False),
    sa.Column("campus_id", sa.ForeignKey("campus.id"), nullable=True, index=True),
    sa.Column("department_id", sa.ForeignKey("department.id"), nullable=True, index=True),
)

ALL = (campus, building, room, department, person, school_class, user_account, user_role)

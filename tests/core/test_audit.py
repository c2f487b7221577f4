"""The audit log: appended in the writer's transaction, chained, and tamper-evident."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from houqin.core import audit
from houqin.core.commands import structure_command
from houqin.core.errors import PermissionDenied
from houqin.core.i18n import use_language
from houqin.core.org import model, service, users

CONTENT = ("at", "actor", "action", "object_type", "object_id", "before", "after")


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English; the default language is Chinese."""
    with use_language("en"):
        yield


def _cmd(school, cls, **data):
    return structure_command(school.converter, cls, data)


def _add_campuses(school, actor, *names):
    with school.write(actor) as uow:
        for name in names:
            service.create_campus(uow, _cmd(school, model.CampusInput, name=name))


def _head(school):
    with school.engine.connect() as conn:
        return conn.execute(sa.select(audit.audit_head.c.seq, audit.audit_head.c.hash)).one()


def _stored_seqs(school):
    with school.engine.connect() as conn:
        return list(
            conn.execute(sa.select(audit.audit_event.c.seq).order_by(audit.audit_event.c.seq))
            .scalars()
            .all()
        )


def _verify(school):
    with school.engine.connect() as conn:
        return audit.verify_chain(conn)


def _tamper(school, statement):
    with school.engine.begin() as conn:
        conn.execute(statement)


def test_event_is_written_in_the_writers_transaction(houqin_school, houqin_operator):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        campus = service.create_campus(uow, _cmd(s, model.CampusInput, name="东校区"))
        inside = uow.conn.execute(sa.select(audit.audit_event)).mappings().all()
        # Another connection does not see the event before the change commits.
        assert _stored_seqs(s) == []
    assert [(e["seq"], e["action"], e["object_id"]) for e in inside] == [
        (1, "org.campus.created", str(campus.id))
    ]
    assert [e.seq for e in uow.events] == [1]
    assert _stored_seqs(s) == [1]
    assert _head(s).seq == 1


def test_rolled_back_unit_of_work_leaves_no_event_and_the_head_unmoved(
    houqin_school, houqin_operator
):
    s = houqin_school
    _add_campuses(s, houqin_operator, "东校区")
    head_before = _head(s)
    with pytest.raises(RuntimeError, match="power cut"), s.write(houqin_operator) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="西校区"))
        assert uow.events[-1].seq == 2
        raise RuntimeError("power cut")
    assert _head(s) == head_before
    assert _stored_seqs(s) == [1]
    with s.write(houqin_operator, dry_run=True) as uow:
        service.create_campus(uow, _cmd(s, model.CampusInput, name="南校区"))
    assert _head(s) == head_before
    assert _stored_seqs(s) == [1]
    # The next real write continues the chain where it stood.
    _add_campuses(s, houqin_operator, "北校区")
    assert _stored_seqs(s) == [1, 2]
    assert _verify(s).ok


def test_clean_log_verifies(houqin_school, houqin_operator):
    s = houqin_school
    _add_campuses(s, houqin_operator, "东校区", "西校区", "南校区")
    report = _verify(s)
    assert report.ok
    assert report.events == 3
    assert report.first_bad_seq is None
    assert _head(s).seq == 3


def test_empty_log_verifies(houqin_school):
    report = _verify(houqin_school)
    assert report.ok and report.events == 0


def test_changed_after_text_is_found(houqin_school, houqin_operator):
    s = houqin_school
    _add_campuses(s, houqin_operator, "东校区", "西校区", "南校区", "北校区")
    ev = audit.audit_event
    with s.engine.connect() as conn:
        after = conn.execute(sa.select(ev.c.after).where(ev.c.seq == 3)).scalar_one()
    assert "南校区" in after
    _tamper(s, ev.update().where(ev.c.seq == 3).values(after=after.replace("南校区", "假校区")))
    report = _verify(s)
    assert not report.ok
    assert report.first_bad_seq == 3
    assert report.events == 2
    assert report.problem is not None and "changed" in report.problem.msgid


def test_deleted_middle_event_is_found(houqin_school, houqin_operator):
    s = houqin_school
    _add_campuses(s, houqin_operator, "东校区", "西校区", "南校区", "北校区")
    ev = audit.audit_event
    _tamper(s, ev.delete().where(ev.c.seq == 2))
    report = _verify(s)
    assert not report.ok
    assert report.first_bad_seq == 2
    assert report.problem is not None and "missing" in report.problem.msgid


def test_deleted_last_event_is_found_through_the_head(houqin_school, houqin_operator):
    s = houqin_school
    _add_campuses(s, houqin_operator, "东校区", "西校区", "南校区", "北校区")
    ev = audit.audit_event
    _tamper(s, ev.delete().where(ev.c.seq == 4))
    report = _verify(s)
    assert not report.ok
    assert report.events == 3
    assert report.first_bad_seq == 4
    assert report.problem is not None and "deleted" in report.problem.msgid


@pytest.mark.parametrize(
    "columns",
    [CONTENT, (*CONTENT, "prev_hash", "hash")],
    ids=["content", "content-and-hashes"],
)
def test_swapped_events_are_found(houqin_school, houqin_operator, columns):
    s = houqin_school
    _add_campuses(s, houqin_operator, "东校区", "西校区", "南校区", "北校区")
    ev = audit.audit_event
    with s.engine.connect() as conn:
        second, third = (
            conn.execute(sa.select(*(ev.c[c] for c in columns)).where(ev.c.seq == seq))
            .mappings()
            .one()
            for seq in (2, 3)
        )
    assert second["object_id"] != third["object_id"]
    with s.engine.begin() as conn:
        conn.execute(ev.update().where(ev.c.seq == 2).values(**third))
        conn.execute(ev.update().where(ev.c.seq == 3).values(**second))
    report = _verify(s)
    assert not report.ok
    assert report.first_bad_seq == 2
    assert report.events == 1


def test_concurrent_writers_leave_one_contiguous_chain(houqin_school, houqin_operator):
    s = houqin_school
    threads, per_thread = 8, 10
    failures: list[BaseException] = []
    start = threading.Barrier(threads)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                with s.write(houqin_operator) as uow:
                    service.create_campus(uow, _cmd(s, model.CampusInput, name=f"校区{n}-{i}"))
        except BaseException as exc:
            failures.append(exc)

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
    assert not any(w.is_alive() for w in workers)
    assert failures == []
    total = threads * per_thread
    assert _stored_seqs(s) == list(range(1, total + 1))
    assert _head(s).seq == total
    report = _verify(s)
    assert report.ok and report.events == total
    with s.engine.connect() as conn:
        ids = conn.execute(sa.select(audit.audit_event.c.object_id)).scalars().all()
    assert len(set(ids)) == total


def test_latest_events_needs_audit_view(houqin_school, houqin_operator):
    s = houqin_school
    _add_campuses(s, houqin_operator, "东校区", "西校区")
    with s.write(houqin_operator) as uow:
        teacher = users.add_user(
            uow, _cmd(s, model.UserInput, username="li", role="teacher", password="secret-pass")
        )
        head = users.add_user(
            uow,
            _cmd(s, model.UserInput, username="wang", role="logistics_head", password="secret-pw"),
        )
        teacher_actor = users.actor_for(uow, teacher.id)
        head_actor = users.actor_for(uow, head.id)
    assert teacher_actor is not None and head_actor is not None
    with pytest.raises(PermissionDenied, match="audit"), s.read(teacher_actor) as uow:
        audit.latest_events(uow)
    with s.read(head_actor) as uow:
        newest = audit.latest_events(uow, limit=3)
        campus_events = audit.latest_events(uow, object_type="campus")
    assert [e.seq for e in newest] == [4, 3, 2]
    assert [e.action for e in newest] == ["users.created", "users.created", "org.campus.created"]
    assert [e.after["name"] for e in campus_events] == ["西校区", "东校区"]
    assert all(e.actor == houqin_operator.name for e in newest)

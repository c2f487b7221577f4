"""Importing the organisation from the office's workbooks, and exporting it back."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from houqin.core import audit
from houqin.core.commands import structure_command
from houqin.core.errors import InvalidInput
from houqin.core.org import model, service
from houqin.core.org.importer import export_org, import_org
from houqin.core.school import School, init_school
from houqin.core.spreadsheet import sheet_names


def _sheet(book, title, rows, *, merge=()):
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append(list(row))
    for area in merge:
        sheet.merge_cells(area)
    return sheet


def _org_workbook(path: Path) -> Path:
    """The organisation as a school office would type it up, with all its habits."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "校区",
        [
            ["XX市第一中学校区信息表"],
            [],
            ["序号", "校区名称", "编码", "地址"],
            [1, "东校区", "E", "东风路1号"],
            [2, "西校区", "W", None],
            ["制表人：张三  审核人：李四"],
        ],
        merge=["A1:D1"],
    )
    _sheet(
        book,
        "Buildings",
        [
            ["Campus", "Building", "Floors", "Use"],
            ["东校区", "教学楼", 5, "教学"],
            ["东校区", "宿舍楼", "6", "宿舍"],
            ["西校区", "教学楼", 4.0, None],
        ],
    )
    _sheet(
        book,
        "房间",
        [
            ["房间台账（2024年）"],
            ["填报单位：后勤处"],
            ["序号", "校区", "所在楼宇", "房间号", "类型", "楼层", "面积（㎡）", "容纳人数"],
            [1, "东校区", "教学楼", 101, "教室", 1, "1,234.50", 45],
            [2, None, "教学楼", 102, "Office", 1, 60, None],
            [3, None, "宿舍楼", "201", "dormitory", "2", 30.5, 8],
            [],
            ["合计", None, None, None, None, None, "1,325.00", 53],
            [],
            ["制表人：张三", None, "审核人：李四"],
            ["日期：", date(2024, 9, 1)],
        ],
        merge=["A1:H1", "B4:B6"],  # the campus is written once for its three rooms
    )
    _sheet(
        book,
        "部门",
        [
            ["部门名称", "上级部门", "所属校区"],
            ["总务科", "后勤处", None],  # the child comes first
            ["后勤处", None, "东校区"],
            ["食堂", "总务科", "东校区"],
        ],
    )
    _sheet(
        book,
        "人员",
        [
            ["教职工名册"],
            ["姓 名", "工号", "部门", "职务", "联系\n电话", "在职", "入职日期"],
            ["张三", 1001, "后勤处", "主任", 13800000001, "是", date(2015, 9, 1)],
            ["李四", "T002", "总务科", "干事", "138-0000-0002", "否", "2020年9月1日"],
            ["王五", None, "食堂", None, None, None, None],
        ],
        merge=["A1:G1"],
    )
    _sheet(
        book,
        "班级",
        [
            ["校区", "班级", "年级", "班主任", "楼宇", "教室"],
            ["东校区", "一年级1班", "一年级", "1001", "教学楼", 101],
            ["东校区", "一年级2班", "一年级", "王五", None, None],
        ],
    )
    _sheet(book, "说明", [["请勿修改表头"]])
    book.save(path)
    return path


def _everything(uow, list_items):
    return list_items(uow, limit=500).items


def _state(school, actor):
    """The organisation without ids, comparable between two schools."""
    with school.read(actor) as uow:
        return {
            "campuses": sorted(
                (c.name, c.code, c.address) for c in service.list_campuses(uow, limit=500).items
            ),
            "buildings": sorted(
                (b.campus, b.name, b.floors, b.use)
                for b in service.list_buildings(uow, limit=500).items
            ),
            "rooms": sorted(
                (
                    (r.campus, r.building, r.name, r.kind, r.floor, r.area, r.capacity)
                    for r in service.list_rooms(uow, limit=500).items
                ),
                key=repr,
            ),
            "departments": sorted(
                ((d.name, d.parent, d.campus) for d in service.list_departments(uow).items),
                key=repr,
            ),
            "people": sorted(
                (
                    (p.name, p.staff_no, p.department, p.position, p.phone, p.active)
                    for p in service.list_people(uow, limit=500).items
                ),
                key=repr,
            ),
            "classes": sorted(
                (
                    (k.campus, k.name, k.grade, k.head_teacher, k.building, k.room)
                    for k in service.list_classes(uow, limit=500).items
                ),
                key=repr,
            ),
        }


def _events(school, actor):
    with school.read(actor) as uow:
        report = audit.verify_chain(uow.conn)
    assert report.ok
    return report.events


def test_import_creates_the_whole_organisation(houqin_school, houqin_operator, tmp_path):
    path = _org_workbook(tmp_path / "组织机构.xlsx")
    with houqin_school.write(houqin_operator) as uow:
        report = import_org(uow, path)

    assert [(c.kind, c.sheet, c.created, c.updated) for c in report.sheets.values()] == [
        ("campuses", "校区", 2, 0),
        ("buildings", "Buildings", 3, 0),
        ("rooms", "房间", 3, 0),
        ("departments", "部门", 3, 0),
        ("people", "人员", 3, 0),
        ("classes", "班级", 2, 0),
    ]
    assert report.created == 16
    state = _state(houqin_school, houqin_operator)
    assert state["campuses"] == [("东校区", "E", "东风路1号"), ("西校区", "W", "")]
    assert state["buildings"] == [
        ("东校区", "宿舍楼", 6, "宿舍"),
        ("东校区", "教学楼", 5, "教学"),
        ("西校区", "教学楼", 4, ""),
    ]
    assert sorted(state["rooms"]) == [
        ("东校区", "宿舍楼", "201", model.RoomKind.DORMITORY, 2, Decimal("30.50"), 8),
        ("东校区", "教学楼", "101", model.RoomKind.CLASSROOM, 1, Decimal("1234.50"), 45),
        ("东校区", "教学楼", "102", model.RoomKind.OFFICE, 1, Decimal("60.00"), None),
    ]
    assert sorted(state["departments"], key=repr) == sorted(
        [("后勤处", None, "东校区"), ("总务科", "后勤处", None), ("食堂", "总务科", "东校区")],
        key=repr,
    )
    assert sorted(state["people"], key=repr) == sorted(
        [
            ("张三", "1001", "后勤处", "主任", "13800000001", True),
            ("李四", "T002", "总务科", "干事", "138-0000-0002", False),
            ("王五", None, "食堂", "", "", True),
        ],
        key=repr,
    )
    assert state["classes"] == [
        ("东校区", "一年级1班", "一年级", "张三", "教学楼", "101"),
        ("东校区", "一年级2班", "一年级", "王五", None, None),
    ]
    assert _events(houqin_school, houqin_operator) == 16


def _bad_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    _sheet(
        book,
        "校区",
        [
            ["校区信息"],
            ["校区名称", "编码"],
            ["东校区", "E"],
            [None, "X"],  # row 4: no name
        ],
    )
    _sheet(
        book,
        "楼宇",
        [
            ["校区", "楼宇名称", "层数"],
            ["东校区", "教学楼", 5],
            ["东校区", "实验楼", "三层"],  # row 3: not a number
            ["北校区", "图书馆", 3],  # row 4: no such campus
            ["东校区", "教学楼", 6],  # row 5: same building as row 2
            ["东校区", "体育馆", 0],  # row 6: fewer than one floor
        ],
    )
    _sheet(
        book,
        "人员",
        [
            ["教职工名册"],
            [],
            ["姓名", "工号", "部门", "在职"],
            ["张三", "1001", None, "是"],
            ["李四", "1001", None, "是"],  # row 5: staff number of row 4
            ["王五", "1003", "不存在的部门", "是"],  # row 6: no such department
            ["赵六", "1004", None, "也许"],  # row 7: not yes or no
            ["合计", "4人"],
            ["制表人：张三", None, "审核人：李四"],
        ],
        merge=["A1:D1"],
    )
    _sheet(
        book,
        "班级",
        [
            ["校区", "班级名称", "班主任", "楼宇", "教室"],
            ["东校区", "一年级1班", "1001", None, None],
            ["东校区", "一年级2班", "9999", None, None],  # row 3: nobody has this number
            ["东校区", "一年级3班", None, None, "101"],  # row 4: room without a building
        ],
    )
    book.save(path)
    return path


def test_bad_rows_are_all_reported_and_nothing_is_written(houqin_school, houqin_operator, tmp_path):
    path = _bad_workbook(tmp_path / "错误.xlsx")
    with pytest.raises(InvalidInput) as caught, houqin_school.write(houqin_operator) as uow:
        import_org(uow, path)

    found = [(e.sheet, e.row, e.field) for e in caught.value.errors]
    assert found == [
        ("校区", 4, "name"),
        ("楼宇", 3, "floors"),
        ("楼宇", 4, "campus"),
        ("楼宇", 5, "name"),
        ("楼宇", 6, "floors"),
        ("人员", 5, "staff_no"),
        ("人员", 6, "department"),
        ("人员", 7, "active"),
        ("班级", 3, "head_teacher"),
        ("班级", 4, "building"),
    ]
    described = [e.describe("en") for e in caught.value.errors]
    assert described[3] == "sheet 楼宇, row 5, Name: duplicates row 2"
    assert described[2] == "sheet 楼宇, row 4, Campus: there is no campus named 北校区"
    assert all(e.label is not None for e in caught.value.errors)
    state = _state(houqin_school, houqin_operator)
    assert all(items == [] for items in state.values())
    assert _events(houqin_school, houqin_operator) == 0


def test_reimporting_the_same_file_changes_nothing(houqin_school, houqin_operator, tmp_path):
    path = _org_workbook(tmp_path / "组织机构.xlsx")
    with houqin_school.write(houqin_operator) as uow:
        import_org(uow, path)
    before = _state(houqin_school, houqin_operator)

    with houqin_school.write(houqin_operator) as uow:
        again = import_org(uow, path)

    assert (again.created, again.updated) == (0, 0)
    assert [c.unchanged for c in again.sheets.values()] == [2, 3, 3, 3, 3, 2]
    assert _state(houqin_school, houqin_operator) == before
    assert _events(houqin_school, houqin_operator) == 16


def test_reimporting_a_changed_file_updates_without_duplicates(
    houqin_school, houqin_operator, tmp_path
):
    path = _org_workbook(tmp_path / "组织机构.xlsx")
    with houqin_school.write(houqin_operator) as uow:
        import_org(uow, path)
    book = openpyxl.load_workbook(path)
    book["人员"]["E3"] = "13900000009"  # 张三's phone
    book["人员"]["D5"] = "厨师"  # 王五, found by name
    book["Buildings"]["C2"] = 6  # 教学楼 gets a floor
    book["班级"]["D3"] = "T002"  # 一年级2班 gets 李四
    book.save(path)

    with houqin_school.write(houqin_operator) as uow:
        report = import_org(uow, path)

    assert report.created == 0
    assert report.counts("people").updated == 2
    assert report.counts("buildings").updated == 1
    assert report.counts("classes").updated == 1
    assert report.counts("rooms").unchanged == 3
    state = _state(houqin_school, houqin_operator)
    assert len(state["people"]) == 3
    assert ("张三", "1001", "后勤处", "主任", "13900000009", True) in state["people"]
    assert ("王五", None, "食堂", "厨师", "", True) in state["people"]
    assert ("东校区", "教学楼", 6, "教学") in state["buildings"]
    assert ("东校区", "一年级2班", "一年级", "李四", None, None) in state["classes"]


def test_columns_a_sheet_leaves_out_keep_their_values(houqin_school, houqin_operator, tmp_path):
    with houqin_school.write(houqin_operator) as uow:
        import_org(uow, _org_workbook(tmp_path / "组织机构.xlsx"))
    people = tmp_path / "人员.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "人员"
    book.active.append(["工号", "姓名", "职务"])
    book.active.append(["1001", "张三", "副主任"])
    book.save(people)

    with houqin_school.write(houqin_operator) as uow:
        report = import_org(uow, people)

    assert report.counts("people").updated == 1
    assert report.counts("campuses").sheet == ""
    assert ("张三", "1001", "后勤处", "副主任", "13800000001", True) in _state(
        houqin_school, houqin_operator
    )["people"]


def test_dry_run_reports_and_keeps_nothing(houqin_school, houqin_operator, tmp_path):
    path = _org_workbook(tmp_path / "组织机构.xlsx")
    with houqin_school.write(houqin_operator, dry_run=True) as uow:
        report = import_org(uow, path)
    assert report.created == 16
    assert all(items == [] for items in _state(houqin_school, houqin_operator).values())
    assert _events(houqin_school, houqin_operator) == 0


def test_export_then_import_into_a_new_school_gives_the_same_organisation(
    houqin_school, houqin_operator, tmp_path
):
    with houqin_school.write(houqin_operator) as uow:
        import_org(uow, _org_workbook(tmp_path / "组织机构.xlsx"))
    exported = tmp_path / "导出.xlsx"
    with houqin_school.read(houqin_operator) as uow:
        written = export_org(uow, exported)
    assert written.rows == {"校区": 2, "楼宇": 3, "房间": 3, "部门": 3, "人员": 3, "班级": 2}
    assert sheet_names(exported) == ["校区", "楼宇", "房间", "部门", "人员", "班级"]
    rooms = openpyxl.load_workbook(exported)["房间"]
    assert [c.value for c in rooms[1]] == [
        "校区",
        "楼宇",
        "房间号",
        "类型",
        "楼层",
        "面积",
        "容纳人数",
    ]
    assert {row[3].value for row in rooms.iter_rows(min_row=2)} == {"教室", "办公室", "宿舍"}
    assert {
        row[5].value for row in openpyxl.load_workbook(exported)["人员"].iter_rows(min_row=2)
    } == {
        "是",
        "否",
    }

    other = School.open(f"sqlite:///{tmp_path / 'other.sqlite3'}", plugins=[], require_schema=False)
    try:
        init_school(other, houqin_operator)
        with other.write(houqin_operator) as uow:
            report = import_org(uow, exported)
        assert report.created == 16
        assert _state(other, houqin_operator) == _state(houqin_school, houqin_operator)
    finally:
        other.engine.dispose()

    # The export reads back into the school it came from as "nothing to change".
    with houqin_school.write(houqin_operator) as uow:
        again = import_org(uow, exported)
    assert (again.created, again.updated) == (0, 0)


def test_export_of_a_new_school_is_a_template_with_headings(
    houqin_school, houqin_operator, tmp_path
):
    template = tmp_path / "模板.xlsx"
    with houqin_school.read(houqin_operator) as uow:
        written = export_org(uow, template)
    assert set(written.rows.values()) == {0}
    people = openpyxl.load_workbook(template)["人员"]
    assert [c.value for c in people[1]] == ["姓名", "工号", "部门", "岗位", "电话", "在职"]
    with houqin_school.write(houqin_operator) as uow:
        assert import_org(uow, template).created == 0
    with pytest.raises(InvalidInput), houqin_school.read(houqin_operator) as uow:
        export_org(uow, tmp_path / "组织机构.csv")


def test_one_sheet_as_csv_from_chinese_excel(houqin_school, houqin_operator, tmp_path):
    path = tmp_path / "校区.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        csv.writer(handle).writerows(
            [["校区一览"], ["校区名称", "地址"], ["南校区", "南湖路8号"], ["合计", "1"]]
        )
    with houqin_school.write(houqin_operator) as uow:
        report = import_org(uow, path)
    assert report.counts("campuses").created == 1
    assert _state(houqin_school, houqin_operator)["campuses"] == [("南校区", None, "南湖路8号")]


def test_a_file_without_any_organisation_sheet_is_refused(houqin_school, houqin_operator, tmp_path):
    path = tmp_path / "资产.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "资产"
    book.save(path)
    with pytest.raises(InvalidInput) as caught, houqin_school.write(houqin_operator) as uow:
        import_org(uow, path)
    assert caught.value.errors[0].field == "sheet"


def test_a_name_two_people_share_needs_the_staff_number(houqin_school, houqin_operator, tmp_path):
    s = houqin_school
    with s.write(houqin_operator) as uow:
        for _ in range(2):
            service.create_person(
                uow, structure_command(s.converter, model.PersonInput, {"name": "王五"})
            )
    path = tmp_path / "人员.csv"
    path.write_text("姓名,职务\n王五,厨师\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught, s.write(houqin_operator) as uow:
        import_org(uow, path)
    [error] = caught.value.errors
    assert (error.sheet, error.row, error.field) == ("人员", 2, "name")
    assert "staff number" in error.describe("en")


def test_staff_numbers_added_later_do_not_enter_people_twice(
    houqin_school, houqin_operator, tmp_path
):
    first = tmp_path / "人员.csv"
    first.write_text("姓名,职务\n王五,厨师\n赵六,保安\n", encoding="utf-8")
    with houqin_school.write(houqin_operator) as uow:
        import_org(uow, first)
    first.write_text(
        "姓名,工号,职务\n王五,2001,厨师\n赵六,2002,保安\n钱七,2003,\n", encoding="utf-8"
    )

    with houqin_school.write(houqin_operator) as uow:
        report = import_org(uow, first)

    assert (report.counts("people").created, report.counts("people").updated) == (1, 2)
    assert [p[:2] for p in _state(houqin_school, houqin_operator)["people"]] == [
        ("王五", "2001"),
        ("赵六", "2002"),
        ("钱七", "2003"),
    ]

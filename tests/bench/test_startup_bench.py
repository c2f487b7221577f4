"""The start-up workload times ours, the bare interpreter and click's own floor."""

from __future__ import annotations

from pathlib import Path

from bench import startup
from bench.common import SCALES, Databases


def test_start_up_reports_click_s_floor_next_to_ours(tmp_path: Path) -> None:
    (result,) = startup.run(SCALES["tiny"], Databases(tmp_path, None, None))
    assert result.name == "startup_help"
    assert result.ours > 0 and result.baseline > 0
    assert result.extra["click_help_floor_s"] > 0
    assert result.extra["click_help_floor_ratio"] > 1

"""Counts (清点/盘点): the asset register and the store checked against what is there."""

"""Fixed assets (校产): the register, its categories, depreciation, import and export."""

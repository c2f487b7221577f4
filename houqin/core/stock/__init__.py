"""The store (行政仓库): items, stores, suppliers, the movement ledger, requests, reports."""

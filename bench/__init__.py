"""Benchmarks of houqin, each workload beside a raw baseline measured in the same run.

``python -m bench [--scale small|full] [--db URL] [--only NAME]`` prints, per
workload, our median, the baseline's median and their ratio, and writes the
same to a JSON file. Ratios, not seconds, are what hold from one machine to
another; ``docs/performance.md`` has the figures and the targets.
"""

"""Performance benchmarks: `python -m benchmarks` measures everything once and prints one table.

They make no assertions: each row shows a figure beside its goal. Not collected by pytest.
"""

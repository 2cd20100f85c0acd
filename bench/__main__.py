"""`python -m bench [name ...]`: run the benchmarks and print each figure beside its limit."""

from __future__ import annotations

import importlib
import sys

BENCHES = ["reads", "payroll", "imports"]


def main(argv: list[str]) -> int:
    names = argv or BENCHES
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        module.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

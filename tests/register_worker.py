"""A separate process issuing numbers, for the register's concurrency tests.

    python -m tests.register_worker BACKEND DATABASE COUNT        # issue COUNT numbers, print them
    python -m tests.register_worker BACKEND DATABASE hold         # take one, say READY, wait to be killed
"""

from __future__ import annotations

import sys
import time

from desktop.core.profile import RegisterSettings
from desktop.core.register import open_register
from desktop.core.register.numbering import SeriesKey
from desktop.core.register.store import EntryData

KEY = SeriesKey("all", "2026")


def main(argv: list[str]) -> int:
    backend, database, what = argv
    store = open_register(RegisterSettings(backend=backend, database=database), timeout_s=120)
    data = EntryData(code="QĐ-UBND", issued_on="2026-05-04", doc_type="quyet_dinh", type_summary="Quyết định")
    if what == "hold":
        def hold(entry) -> None:
            print(f"READY {entry.number}", flush=True)
            time.sleep(600)

        store.issue(KEY, data, before_commit=hold)
        return 1
    numbers = [store.issue(KEY, data).number for _ in range(int(what))]
    print(" ".join(map(str, numbers)), flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

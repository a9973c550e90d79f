"""`make bench` figure "limits": how fast, and in how little memory, a hostile
spreadsheet is refused (issue 13: under 2 seconds, under 200 MB).

Each file goes through the roster import's own reading and checking
(plan_roster, as an upload's preview does): a zip bomb (sheet1.xml of 1 GiB
uncompressed in 1.6 MB), a workbook with one cell at XFD1048576, and a sheet of
6,000 blank rows. Time is the median of 5 runs without tracing; memory is the
peak traced by tracemalloc during one more run, and the growth of the
process's peak resident size (ru_maxrss) over the whole figure.
"""

import logging
import resource
import time
import tracemalloc

from tests.perf.load import report

RUNS = 5


def _refused(data):
    from lms.roster import plan_roster

    plan = plan_roster(data=data, filename="名册.xlsx")
    (error,) = plan.errors
    assert error.row is None, error
    return error.message


def bench_import_limits():
    from tests.lms.hostile_files import blank_rows_xlsx, far_cell_xlsx, zip_bomb

    # Each refusal logs a warning; the bench prints only its figures.
    logging.getLogger("lms.imports").setLevel(logging.ERROR)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    files = {
        "zip_bomb": (zip_bomb(), "文件解压后过大"),
        "xfd_cell": (far_cell_xlsx("XFD1048576"), "AD 列"),
        "blank_rows": (blank_rows_xlsx(6000), "空白行"),
    }
    for name, (data, reason) in files.items():
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            message = _refused(data)
            times.append(time.perf_counter() - started)
        assert reason in message, message
        tracemalloc.start()
        _refused(data)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        report(f"import_refused_{name}_ms", f"{sorted(times)[RUNS // 2] * 1000:.1f}")
        report(f"import_refused_{name}_peak_mb", f"{peak / 1024 / 1024:.2f}")
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report("import_refused_rss_growth_mb", f"{(rss_after - rss_before) / 1024:.1f}")

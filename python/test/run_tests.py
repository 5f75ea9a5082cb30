#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The Python tests of the wse package (test_*.py beside this file) and the
example ports' host scripts (run.py under the examples directory, run with
the compatibility path), as kselftest TAP lines.

    python3 python/test/run_tests.py [EXAMPLES_DIR]   (VM: /examples)
"""
import os
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
PYROOT = os.path.dirname(HERE)
sys.path[:0] = [PYROOT]

PORTS = ["bandwidth", "rowcol-bcast", "stream-scale16", "gemv-chain",
         "gemv-streaming", "gemv-checkerboard", "sentinels"]


def main():
    examples = sys.argv[1] if len(sys.argv) > 1 else "/examples"
    results = []
    import test_sdk  # noqa: E402 (sys.path above)
    for name in sorted(n for n in dir(test_sdk) if n.startswith("test_")):
        t0 = time.time()
        try:
            getattr(test_sdk, name)()
            results.append((True, "python: " + name, ""))
        except Exception:  # noqa: BLE001 - report every failure
            results.append((False, "python: " + name,
                            traceback.format_exc()))
        print("# %s %.1fs" % (name, time.time() - t0), flush=True)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [PYROOT, os.path.join(PYROOT, "compat")])
    for port in PORTS:
        d = os.path.join(examples, port)
        if not os.path.exists(os.path.join(d, "run.py")):
            results.append((False, "port %s: no %s/run.py" % (port, d), ""))
            continue
        p = subprocess.run([sys.executable, "run.py", "--name", "bundle"],
                           cwd=d, env=env, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
        results.append((p.returncode == 0, "port %s: run.py" % port,
                        p.stdout))
    print("TAP version 13\n1..%d" % len(results))
    for i, (ok, what, out) in enumerate(results, 1):
        if not ok:
            for line in out.splitlines():
                print("# " + line)
        print("%s %d %s" % ("ok" if ok else "not ok", i, what))
    return 0 if all(r[0] for r in results) else 1


if __name__ == "__main__":
    sys.path.insert(0, HERE)
    sys.exit(main())

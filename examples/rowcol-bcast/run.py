#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host script of examples/rowcol-bcast, written the way the public SDK
# run.py files are; follows the public "row-col-broadcast" benchmark: the
# broadcast sources go in transposed with COL_MAJOR (and plain with
# ROW_MAJOR).  PYTHONPATH=python:python/compat.
import argparse
import json

import numpy as np

from cerebras.sdk.runtime.sdkruntimepybind import SdkRuntime, MemcpyDataType, MemcpyOrder  # pylint: disable=no-name-in-module

parser = argparse.ArgumentParser()
parser.add_argument('--name', help='the bundle directory')
parser.add_argument('--cmaddr', help='device node, default /dev/wse0')
args = parser.parse_args()

with open(f"{args.name}/out.json", encoding='utf-8') as json_file:
    compile_data = json.load(json_file)
L = int(compile_data['params']['L'])
width, height = 3, 2

runner = SdkRuntime(args.name, cmaddr=args.cmaddr)
sym_A = runner.get_id('A')
runner.load()
runner.run()


def read_A():
    out = np.zeros(width * height * L, dtype=np.float32)
    runner.memcpy_d2h(out, sym_A, 0, 0, width, height, L, streaming=False,
                      data_type=MemcpyDataType.MEMCPY_32BIT,
                      order=MemcpyOrder.ROW_MAJOR, nonblock=False)
    return out.reshape(height, width, L)


# row broadcast: PE row py gets R[py]
R = np.arange(height * L, dtype=np.float32).reshape(height, L) + 0.5
for order, src in ((MemcpyOrder.ROW_MAJOR, R.ravel()),
                   (MemcpyOrder.COL_MAJOR, R.T.ravel())):
    runner.memcpy_h2d_rowbcast(sym_A, src, 0, 0, width, height, L,
                               streaming=False,
                               data_type=MemcpyDataType.MEMCPY_32BIT,
                               order=order, nonblock=False)
    np.testing.assert_equal(read_A(), np.repeat(R[:, None, :], width, axis=1))

# column broadcast: PE column px gets C[px], then scaled on the device
C = np.arange(width * L, dtype=np.float32).reshape(width, L) * 3 - 7
task = runner.memcpy_h2d_colbcast(sym_A, C.T.ravel(), 0, 0, width, height,
                                  L, streaming=False,
                                  data_type=MemcpyDataType.MEMCPY_32BIT,
                                  order=MemcpyOrder.COL_MAJOR, nonblock=True)
runner.task_wait(task)
runner.launch('scale', np.float32(2.0), nonblock=False)
np.testing.assert_equal(read_A(), 2 * np.repeat(C[None, :, :], height,
                                                axis=0))
runner.stop()
print("SUCCESS")

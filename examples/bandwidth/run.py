#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host script of examples/bandwidth, written the way the public SDK run.py
# files are (argparse --name/--cmaddr, out.json params, keyword arguments);
# follows the public "bandwidth-test" benchmark.  Runs through the
# compatibility path: PYTHONPATH=python:python/compat.
import argparse
import json

import numpy as np

from cerebras.sdk.runtime.sdkruntimepybind import SdkRuntime, MemcpyDataType, MemcpyOrder  # pylint: disable=no-name-in-module
from cerebras.sdk.sdk_utils import memcpy_view, calculate_cycles

parser = argparse.ArgumentParser()
parser.add_argument('--name', help='the bundle directory')
parser.add_argument('--cmaddr', help='device node, default /dev/wse0')
parser.add_argument('--loop_count', type=int, default=3)
args = parser.parse_args()

with open(f"{args.name}/out.json", encoding='utf-8') as json_file:
    compile_data = json.load(json_file)
N = int(compile_data['params']['N'])
width, height = 2, 1

runner = SdkRuntime(args.name, cmaddr=args.cmaddr)
sym_A = runner.get_id('A')
sym_time = runner.get_id('time_buf_u16')
runner.load()
runner.run()

A = np.arange(width * height * N, dtype=np.float32)
for _ in range(args.loop_count):
    runner.memcpy_h2d(sym_A, A, 0, 0, width, height, N, streaming=False,
                      data_type=MemcpyDataType.MEMCPY_32BIT,
                      order=MemcpyOrder.COL_MAJOR, nonblock=True)
runner.launch('f_touch', nonblock=False)

out = np.zeros(width * height * N, dtype=np.float32)
runner.memcpy_d2h(out, sym_A, 0, 0, width, height, N, streaming=False,
                  data_type=MemcpyDataType.MEMCPY_32BIT,
                  order=MemcpyOrder.COL_MAJOR, nonblock=False)
time_buf = np.zeros(width * height * 6, dtype=np.uint32)
runner.memcpy_d2h(time_buf, sym_time, 0, 0, width, height, 6,
                  streaming=False, data_type=MemcpyDataType.MEMCPY_16BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=False)
runner.stop()

np.testing.assert_equal(out, A + 1)
ts = memcpy_view(time_buf, np.dtype(np.uint16)).reshape(width * height, 2, 3)
cycles = calculate_cycles(ts[:, 1, :]) - calculate_cycles(ts[:, 0, :])
print("cycles of f_touch per PE:", cycles, "=",
      cycles / 850.0, "us at 850 MHz")
assert np.all(cycles >= N), cycles     # N additions take at least N cycles
print("SUCCESS")

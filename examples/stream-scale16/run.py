#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host script of examples/stream-scale16, written the way the public SDK
# run.py files are; follows the public streaming tutorial
# "topic-03-streaming-wavelet-data": 16-bit data widened with
# input_array_to_u32, a nonblocking streaming d2h posted before the
# streaming h2d, memcpy_view to narrow the result.
# PYTHONPATH=python:python/compat.
import argparse
import json

import numpy as np

from cerebras.sdk.runtime.sdkruntimepybind import SdkRuntime, MemcpyDataType, MemcpyOrder  # pylint: disable=no-name-in-module
from cerebras.sdk.sdk_utils import memcpy_view, input_array_to_u32

parser = argparse.ArgumentParser()
parser.add_argument('--name', help='the bundle directory')
parser.add_argument('--cmaddr', help='device node, default /dev/wse0')
args = parser.parse_args()

with open(f"{args.name}/out.json", encoding='utf-8') as json_file:
    compile_data = json.load(json_file)
params = compile_data['params']
MEMCPYH2D_DATA_1 = int(params['MEMCPYH2D_DATA_1_ID'])
MEMCPYD2H_DATA_1 = int(params['MEMCPYD2H_DATA_1_ID'])
width, height, l = 2, 1, 40

rng = np.random.default_rng(7)
x = rng.integers(0, 1 << 16, size=width * height * l, dtype=np.uint16)

with SdkRuntime(args.name, cmaddr=args.cmaddr,
                suppress_simfab_trace=True) as runner:
    y_u32 = np.zeros(width * height * l, dtype=np.uint32)
    task = runner.memcpy_d2h(y_u32, MEMCPYD2H_DATA_1, 0, 0, width, height, l,
                             streaming=True,
                             data_type=MemcpyDataType.MEMCPY_16BIT,
                             order=MemcpyOrder.ROW_MAJOR, nonblock=True)
    runner.memcpy_h2d(MEMCPYH2D_DATA_1, input_array_to_u32(x), 0, 0, width,
                      height, l, streaming=True,
                      data_type=MemcpyDataType.MEMCPY_16BIT,
                      order=MemcpyOrder.ROW_MAJOR, nonblock=False)
    runner.task_wait(task)

y = memcpy_view(y_u32, np.dtype(np.uint16))
np.testing.assert_equal(y, (3 * x.astype(np.uint32) + 1).astype(np.uint16))
print("SUCCESS")

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host script of examples/sentinels, written the way the public SDK run.py
# files are (argparse --name/--cmaddr, out.json params); follows the public
# "topic-04-sentinels" tutorial: the count of wavelets streamed into column
# 0 (one per row), the f16 data streamed into column 0 with each element's
# index in the upper half, the per-row sums streamed out of column 3.  The
# core PE adds in order with one f16 rounding per addition, so its sums
# must also equal the host's sequential f16 sums bit for bit.  Runs through
# the compatibility path: PYTHONPATH=python:python/compat.
import argparse
import json

import numpy as np

from cerebras.sdk.sdk_utils import memcpy_view, input_array_to_u32
from cerebras.sdk.runtime.sdkruntimepybind import SdkRuntime, MemcpyDataType  # pylint: disable=no-name-in-module
from cerebras.sdk.runtime.sdkruntimepybind import MemcpyOrder  # pylint: disable=no-name-in-module

parser = argparse.ArgumentParser()
parser.add_argument('--name', help='the bundle directory')
parser.add_argument('--cmaddr', help='device node, default /dev/wse0')
args = parser.parse_args()

with open(f"{args.name}/out.json", encoding='utf-8') as json_file:
    compile_data = json.load(json_file)
params = compile_data['params']
MEMCPYH2D_DATA_1 = int(params['MEMCPYH2D_DATA_1_ID'])
MEMCPYH2D_DATA_2 = int(params['MEMCPYH2D_DATA_2_ID'])
MEMCPYD2H_DATA_1 = int(params['MEMCPYD2H_DATA_1_ID'])
size = int(params['size'])
print(f"size = {size} PEs per column")

# streaming: the element type does not matter, every wavelet is 32 bits
memcpy_dtype = MemcpyDataType.MEMCPY_16BIT
runner = SdkRuntime(args.name, cmaddr=args.cmaddr)
runner.load()
runner.run()

num_wvlts = 11
print(f"{num_wvlts} data wavelets per row")

# 1: the count, one wavelet to each PE of column 0
counts = np.full(size, num_wvlts, dtype=np.uint32)
runner.memcpy_h2d(MEMCPYH2D_DATA_1, counts, 0, 0, 1, size, 1,
                  streaming=True, data_type=memcpy_dtype,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=True)

# 2: the data, size x num_wvlts f16 values, the index in the upper half
rng = np.random.default_rng(7)
input_tensor = rng.random((size, num_wvlts)).astype(np.float16)
tensors_u32 = input_array_to_u32(input_tensor.ravel(), 1, num_wvlts)
runner.memcpy_h2d(MEMCPYH2D_DATA_2, tensors_u32, 0, 0, 1, size, num_wvlts,
                  streaming=True, data_type=memcpy_dtype,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=True)

# 3: one sum per row from column 3, in the low half of each word
out_u32 = np.zeros(size, dtype=np.uint32)
runner.memcpy_d2h(out_u32, MEMCPYD2H_DATA_1, 3, 0, 1, size, 1,
                  streaming=True, data_type=memcpy_dtype,
                  order=MemcpyOrder.COL_MAJOR, nonblock=False)
result = memcpy_view(out_u32, np.dtype(np.float16))
runner.stop()

expected = np.sum(input_tensor, axis=1)
np.testing.assert_allclose(result, expected, atol=0.05, rtol=0)
sequential = np.zeros(size, dtype=np.float16)
for k in range(num_wvlts):
    sequential = (sequential + input_tensor[:, k]).astype(np.float16)
np.testing.assert_array_equal(result.view(np.uint16), sequential.view(np.uint16))
print("SUCCESS!")

#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host script of examples/gemv-streaming, written the way the public SDK
# run.py files are (argparse --name/--cmaddr, out.json params); follows the
# public "gemv-09-streaming" tutorial: A (each PE's block column-major) by a
# copy, x streamed into row 0, b into column 0, y streamed out of the right
# column.  Integer-valued data, so every f32 sum is exact and y must equal
# the host's A @ x + b bit for bit.  Runs through the compatibility path:
# PYTHONPATH=python:python/compat.
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
params = compile_data['params']
N = int(params['N'])
M = int(params['M'])
kernel_x_dim = int(params['kernel_x_dim'])
kernel_y_dim = int(params['kernel_y_dim'])
MEMCPYH2D_DATA_1 = int(params['MEMCPYH2D_DATA_1_ID'])
MEMCPYH2D_DATA_2 = int(params['MEMCPYH2D_DATA_2_ID'])
MEMCPYD2H_DATA_1 = int(params['MEMCPYD2H_DATA_1_ID'])
N_per_PE = N // kernel_x_dim
M_per_PE = M // kernel_y_dim

rng = np.random.default_rng(9)
A = np.arange(M * N, dtype=np.float32).reshape(M, N)
x = rng.integers(-8, 8, size=N).astype(np.float32)
b = rng.integers(-100, 100, size=M).astype(np.float32)
y_expected = (A.astype(np.float64) @ x + b).astype(np.float32)  # exact

runner = SdkRuntime(args.name, cmaddr=args.cmaddr)
A_symbol = runner.get_id('A')
runner.load()
runner.run()

# each PE's block of A, column-major
A_prepared = A.reshape(kernel_y_dim, M_per_PE, kernel_x_dim,
                       N_per_PE).transpose(0, 2, 3, 1).ravel()
runner.memcpy_h2d(A_symbol, A_prepared, 0, 0, kernel_x_dim, kernel_y_dim,
                  M_per_PE * N_per_PE, streaming=False,
                  order=MemcpyOrder.ROW_MAJOR,
                  data_type=MemcpyDataType.MEMCPY_32BIT, nonblock=False)
runner.memcpy_h2d(MEMCPYH2D_DATA_1, x, 0, 0, kernel_x_dim, 1, N_per_PE,
                  streaming=True, order=MemcpyOrder.ROW_MAJOR,
                  data_type=MemcpyDataType.MEMCPY_32BIT, nonblock=False)
runner.memcpy_h2d(MEMCPYH2D_DATA_2, b, 0, 0, 1, kernel_y_dim, M_per_PE,
                  streaming=True, order=MemcpyOrder.ROW_MAJOR,
                  data_type=MemcpyDataType.MEMCPY_32BIT, nonblock=False)
y_result = np.zeros([M], dtype=np.float32)
runner.memcpy_d2h(y_result, MEMCPYD2H_DATA_1, kernel_x_dim - 1, 0, 1,
                  kernel_y_dim, M_per_PE, streaming=True,
                  order=MemcpyOrder.ROW_MAJOR,
                  data_type=MemcpyDataType.MEMCPY_32BIT, nonblock=False)
runner.stop()

np.testing.assert_array_equal(y_result, y_expected)
print("SUCCESS")

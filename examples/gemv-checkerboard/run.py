#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host script of examples/gemv-checkerboard, written the way the public SDK
# run.py files are (argparse --name/--cmaddr, out.json params); follows the
# public "gemv-checkerboard-pattern" benchmark: A by a 16-bit copy, x and b
# streamed in, y streamed out of the last column.  Checks y bit for bit
# against a host model of the PEs' f16 arithmetic (fused @fmach in order of
# j, then the sums from west to east).  Runs through the compatibility
# path: PYTHONPATH=python:python/compat.
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
kernel_rows = int(params['kernel_rows'])
kernel_cols = int(params['kernel_cols'])
M = int(params['matrix_rows'])
N = int(params['matrix_cols'])
H2D_X = int(params['MEMCPYH2D_DATA_1_ID'])
H2D_B = int(params['MEMCPYH2D_DATA_2_ID'])
D2H_Y = int(params['MEMCPYD2H_DATA_1_ID'])
ar, ac = M // kernel_rows, N // kernel_cols     # the block of one PE

rng = np.random.default_rng(7)
A = rng.random((M, N)).astype(np.float16)
x = rng.random(N).astype(np.float16)
b = rng.random(M).astype(np.float16)


def f16(v):
    """One rounding to binary16 (float64 holds these sums exactly)."""
    return np.float16(v)


# the host model: PE (i, j) computes t = sum over its columns, fused and in
# order; y is b + t(0) + t(1) + ... from west to east, rounded each time
y_ref = b.copy()
for i in range(kernel_cols):
    for r in range(M):
        t = np.float16(0)
        for c in range(i * ac, (i + 1) * ac):
            t = f16(np.float64(t) + np.float64(A[r, c]) * np.float64(x[c]))
        y_ref[r] = f16(np.float64(y_ref[r]) + np.float64(t))

runner = SdkRuntime(args.name, cmaddr=args.cmaddr)
sym_A = runner.get_id('A')
runner.load()
runner.run()

# A as (kernel_rows, kernel_cols, ar * ac): each PE's block, row-major
A_blocks = A.reshape(kernel_rows, ar, kernel_cols, ac).transpose(0, 2, 1, 3)
# temporaries passed inline, as the public scripts do: the runtime keeps
# a nonblocking copy's buffer alive until the copy is done
runner.memcpy_h2d(sym_A, input_array_to_u32(np_arr=A_blocks.ravel(),
                                            sentinel=None, fast_dim_sz=ar * ac),
                  0, 0, kernel_cols, kernel_rows, ar * ac, streaming=False,
                  data_type=MemcpyDataType.MEMCPY_16BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=True)
# x into row 0 with its index within each PE's part in the upper half
runner.memcpy_h2d(H2D_X, input_array_to_u32(np_arr=x, sentinel=1,
                                            fast_dim_sz=ac),
                  0, 0, kernel_cols, 1, ac, streaming=True,
                  data_type=MemcpyDataType.MEMCPY_16BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=True)
# b into column 0, upper half zero
runner.memcpy_h2d(H2D_B, input_array_to_u32(np_arr=b, sentinel=None,
                                            fast_dim_sz=ar),
                  0, 0, 1, kernel_rows, ar,
                  streaming=True, data_type=MemcpyDataType.MEMCPY_16BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=True)
# y out of the last column: its arrival means y = A x + b is done
y_u32 = np.zeros(M, dtype=np.uint32)
runner.memcpy_d2h(y_u32, D2H_Y, kernel_cols - 1, 0, 1, kernel_rows, ar,
                  streaming=True, data_type=MemcpyDataType.MEMCPY_16BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=False)
runner.stop()

y = memcpy_view(y_u32, np.dtype(np.float16))
np.testing.assert_array_equal(y.view(np.uint16), y_ref.view(np.uint16))
# and close to the exact product, as the public script checks
np.testing.assert_allclose(y, A.astype(np.float64) @ x + b, atol=0.05, rtol=0)
print("SUCCESS")

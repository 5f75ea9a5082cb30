#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host script of examples/gemv-chain, written the way the public SDK run.py
# files are; follows the public gemv routes tutorials (gemv-07/08): A split
# by column blocks (memcpy_h2d per PE), x by blocks, b to PE 0, one launch,
# y read from the last PE and checked against numpy.
# PYTHONPATH=python:python/compat.
import argparse
import json

import numpy as np

from cerebras.sdk.runtime.sdkruntimepybind import SdkRuntime, MemcpyDataType, MemcpyOrder  # pylint: disable=no-name-in-module
from cerebras.sdk.debug.debug_util import debug_util

parser = argparse.ArgumentParser()
parser.add_argument('--name', help='the bundle directory')
parser.add_argument('--cmaddr', help='device node, default /dev/wse0')
args = parser.parse_args()

with open(f"{args.name}/out.json", encoding='utf-8') as json_file:
    compile_data = json.load(json_file)
M = int(compile_data['params']['M'])
NB = int(compile_data['params']['NB'])
width = 4
N = width * NB

A = (np.arange(M * N, dtype=np.float32).reshape(M, N) % 7) - 3
x = np.linspace(-1, 1, N, dtype=np.float32)
b = np.full(M, 0.25, dtype=np.float32)

runner = SdkRuntime(args.name, cmaddr=args.cmaddr)
A_symbol = runner.get_id('A')
x_symbol = runner.get_id('x')
b_symbol = runner.get_id('b')
y_symbol = runner.get_id('y')
runner.load()
runner.run()

# PE px gets columns px*NB .. px*NB+NB-1 of A, row-major: blocks side by side
A_blocks = A.reshape(M, width, NB).transpose(1, 0, 2).ravel()
runner.memcpy_h2d(A_symbol, A_blocks, 0, 0, width, 1, M * NB,
                  streaming=False, data_type=MemcpyDataType.MEMCPY_32BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=False)
runner.memcpy_h2d(x_symbol, x, 0, 0, width, 1, NB, streaming=False,
                  data_type=MemcpyDataType.MEMCPY_32BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=False)
runner.memcpy_h2d(b_symbol, b, 0, 0, 1, 1, M, streaming=False,
                  data_type=MemcpyDataType.MEMCPY_32BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=False)
runner.launch('compute', nonblock=False)

y_result = np.zeros(M, dtype=np.float32)
runner.memcpy_d2h(y_result, y_symbol, width - 1, 0, 1, 1, M, streaming=False,
                  data_type=MemcpyDataType.MEMCPY_32BIT,
                  order=MemcpyOrder.ROW_MAJOR, nonblock=False)
runner.stop()

# the PE's order: blocks left to right, each sum j = 0..NB-1, then + b
expected = np.zeros(M, dtype=np.float32)
for px in range(width):
    part = np.zeros(M, dtype=np.float32)
    for j in range(NB):
        part = (part + A[:, px * NB + j] * x[px * NB + j]).astype(np.float32)
    expected = (part + (b if px == 0 else expected)).astype(np.float32)
np.testing.assert_allclose(y_result, A @ x + b, rtol=1e-5, atol=1e-5)
np.testing.assert_equal(y_result, expected)

# after stop(): the core file in the bundle directory
debug_mod = debug_util(args.name)
first = debug_mod.get_symbol(4, 1, 'y', np.float32)   # PE (0,0): A0 x0 + b
np.testing.assert_allclose(first, A[:, :NB] @ x[:NB] + b, rtol=1e-5, atol=1e-5)
# any symbol of the PE's ELF, exported or not: PE (1,0)'s own partial sums
part = debug_mod.get_symbol(5, 1, 'part', np.float32)
np.testing.assert_allclose(part, A[:, NB:2 * NB] @ x[NB:2 * NB], rtol=1e-5,
                           atol=1e-5)
print("SUCCESS")

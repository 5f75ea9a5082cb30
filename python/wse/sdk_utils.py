# SPDX-License-Identifier: LGPL-2.1-or-later
"""sdk_utils: host-side helpers for 16-bit data and cycle counts."""
import ctypes

import numpy as np

from . import _lib
from .runtime import WseError

CLOCK_HZ = 850_000_000  # SDK_CLOCK_HZ: the PE clock cycle counts refer to


def _fail(err):
    raise WseError(-err, _lib.sdk_errmsg(None).decode(errors="replace"))


def memcpy_view(arr, dtype):
    """The low bytes of each 32-bit word of @arr as @dtype: a view, no copy
    (1-byte dtypes: every 4th byte, 2-byte: every 2nd half-word)."""
    dtype = np.dtype(dtype)
    if arr.dtype.itemsize != 4 or dtype.itemsize not in (1, 2, 4):
        raise TypeError("memcpy_view: a 32-bit array viewed as 8, 16 or "
                        "32-bit elements, not %s as %s" % (arr.dtype, dtype))
    step = 4 // dtype.itemsize
    return arr.view(dtype)[::step]  # little endian: the low part first


def input_array_to_u32(np_arr, sentinel=None, fast_dim_sz=1):
    """16-bit values (int16, uint16, float16) as the zero-extended 32-bit
    words a memcpy sends; with a sentinel (any value but None), the
    element's index along the fastest dimension (length @fast_dim_sz) goes
    in the upper half.  The keyword names are the SDK's."""
    src = np.ascontiguousarray(np_arr)
    if src.dtype.itemsize != 2:
        raise TypeError("input_array_to_u32: expected 16-bit elements, got "
                        "%s" % src.dtype)
    out = np.empty(src.size, dtype=np.uint32)
    err = _lib.sdk_input_array_to_u32(
        out.ctypes.data_as(ctypes.c_void_p),
        src.ctypes.data_as(ctypes.c_void_p), src.size, sentinel is not None,
        int(fast_dim_sz))
    if err < 0:
        _fail(err)
    return out


def calculate_cycles(timestamp_buf):
    """48-bit PE timestamps, three 16-bit words low first (the last axis),
    as cycle counts: an int for one timestamp, else a uint64 array."""
    words = np.asarray(timestamp_buf)
    if words.dtype.itemsize != 2:
        if np.any(words.astype(np.uint64) > 0xFFFF):
            raise ValueError("calculate_cycles: a timestamp word is above "
                             "0xffff")
        words = words.astype(np.uint16)
    words = np.ascontiguousarray(words.view(np.uint16))
    if words.shape[-1:] != (3,):
        raise ValueError("calculate_cycles: the last axis must hold the "
                         "three 16-bit words, shape is %s" % (words.shape,))
    out = np.empty(words.shape[:-1], dtype=np.uint64)
    err = _lib.sdk_calculate_cycles(words.ctypes.data_as(ctypes.c_void_p),
                                    out.size,
                                    out.ctypes.data_as(ctypes.c_void_p))
    if err < 0:
        _fail(err)
    return int(out) if out.ndim == 0 else out

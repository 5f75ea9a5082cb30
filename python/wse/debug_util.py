# SPDX-License-Identifier: LGPL-2.1-or-later
"""debug_util(dirname): PE memory after a run, from <dirname>/core.wse
(written by SdkRuntime.stop() unless suppress_simfab_trace=True, or by
SdkRuntime.dump_core()); no device needed."""
import ctypes
import os

import numpy as np

from . import _lib
from .runtime import MEMORY_BYTES, WseError


class debug_util:  # noqa: N801 - the SDK's name
    def __init__(self, dirname, core="core.wse"):
        self.path = os.path.join(os.fspath(dirname), core)

    def get_symbol(self, x, y, name, dtype=np.uint32):
        """Symbol @name of the PE at fabric (x, y) as an array of @dtype."""
        buf = np.zeros(MEMORY_BYTES, dtype=np.uint8)
        n = ctypes.c_uint32()
        err = _lib.sdk_core_read_symbol(
            self.path.encode(), x, y, name.encode(),
            buf.ctypes.data_as(ctypes.c_void_p), buf.size, ctypes.byref(n))
        if err < 0:
            raise WseError(-err, _lib.sdk_errmsg(None).decode(
                errors="replace"))
        return buf[:n.value].view(np.dtype(dtype)).copy()

    def read_trace(self, x, y, name):
        raise NotImplementedError(
            "debug_util.read_trace: not supported: wse PEs have no trace "
            "buffers (CSL's <debug> library); read a symbol instead")

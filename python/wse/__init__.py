# SPDX-License-Identifier: LGPL-2.1-or-later
"""wse: the SdkRuntime host API over libwse, with numpy.

    from wse import SdkRuntime, MemcpyDataType, MemcpyOrder
    from wse.sdk_utils import memcpy_view, input_array_to_u32
    from wse.debug_util import debug_util

python/compat/ (on PYTHONPATH) maps the public SDK import lines onto it.
"""
from .runtime import (MemcpyDataType, MemcpyOrder, SdkRuntime, Task,
                      WseError)
from . import sdk_utils
from .debug_util import debug_util

__all__ = ["SdkRuntime", "MemcpyDataType", "MemcpyOrder", "Task",
           "WseError", "sdk_utils", "debug_util"]

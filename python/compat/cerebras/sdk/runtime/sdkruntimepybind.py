# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compatibility: `from cerebras.sdk.runtime.sdkruntimepybind import ...`."""
from wse.runtime import (MemcpyDataType, MemcpyOrder, SdkRuntime,  # noqa
                         Task, WseError)

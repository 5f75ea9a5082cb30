# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compatibility: `from cerebras.sdk.sdk_utils import ...`."""
from wse.sdk_utils import (calculate_cycles, input_array_to_u32,  # noqa
                           memcpy_view)

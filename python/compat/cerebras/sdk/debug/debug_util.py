# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compatibility: `from cerebras.sdk.debug.debug_util import debug_util`."""
from wse.debug_util import debug_util  # noqa

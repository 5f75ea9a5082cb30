# SPDX-License-Identifier: LGPL-2.1-or-later
"""Opt-in compatibility path (python/compat on PYTHONPATH): the public SDK
import lines resolve to the wse package."""

# SPDX-License-Identifier: LGPL-2.1-or-later
"""ctypes declarations of libwse's SdkRuntime layer (<wse/sdkruntime.h>).

The library is found, in order: $WSE_LIBRARY; lib/libwse.so.1 of the source
tree this package sits in; libwse.so.1 on the dynamic linker's path.
"""
import ctypes
import os

MAX_LAUNCH_ARGS = 16  # WSE_MAX_LAUNCH_ARGS of <linux/wse.h>

KIND_DATA, KIND_FUNCTION, KIND_COLOR = 1, 2, 3
TYPE_F32, TYPE_I32, TYPE_U32, TYPE_I16, TYPE_U16, TYPE_F16 = 1, 2, 3, 4, 5, 6
ARG_MAGIC = 0x53444B41


class Symbol(ctypes.Structure):
    _fields_ = [("id", ctypes.c_uint32), ("kind", ctypes.c_uint32),
                ("type", ctypes.c_uint32), ("argc", ctypes.c_uint32),
                ("args", ctypes.c_uint8 * MAX_LAUNCH_ARGS),
                ("name", ctypes.c_char_p)]


class Task(ctypes.Structure):
    _fields_ = [("id", ctypes.c_uint64)]


class Arg(ctypes.Structure):
    _fields_ = [("magic", ctypes.c_uint32), ("type", ctypes.c_uint32),
                ("word", ctypes.c_uint32)]


class Options(ctypes.Structure):
    _fields_ = [("device", ctypes.c_char_p), ("msg_level", ctypes.c_char_p)]


def _find():
    env = os.environ.get("WSE_LIBRARY")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    tree = os.path.join(here, "..", "..", "lib", "libwse.so.1")
    if os.path.exists(tree):
        return tree
    return "libwse.so.1"


lib = ctypes.CDLL(_find(), use_errno=False)

_rt = ctypes.c_void_p
_u32 = ctypes.c_uint32
_vp = ctypes.c_void_p
_b = ctypes.c_bool
_i = ctypes.c_int


def _decl(name, argtypes, restype=ctypes.c_int):
    f = getattr(lib, name)
    f.argtypes = argtypes
    f.restype = restype
    return f


sdk_create = _decl("sdk_create", [ctypes.c_char_p, ctypes.POINTER(Options),
                                  ctypes.POINTER(_rt)])
sdk_load = _decl("sdk_load", [_rt])
sdk_run = _decl("sdk_run", [_rt])
sdk_stop = _decl("sdk_stop", [_rt])
sdk_destroy = _decl("sdk_destroy", [_rt], None)
sdk_errmsg = _decl("sdk_errmsg", [_rt], ctypes.c_char_p)
sdk_get_id = _decl("sdk_get_id", [_rt, ctypes.c_char_p,
                                  ctypes.POINTER(Symbol)])
sdk_get_param = _decl("sdk_get_param", [_rt, ctypes.c_char_p,
                                        ctypes.POINTER(ctypes.c_char_p)])
_copy = [_rt, Symbol, _vp, _u32, _u32, _u32, _u32, _u32, _b, _i, _i, _b,
         ctypes.POINTER(Task)]
sdk_memcpy_h2d = _decl("sdk_memcpy_h2d", _copy)
sdk_memcpy_d2h = _decl("sdk_memcpy_d2h", [_rt, _vp, Symbol] + _copy[3:])
sdk_memcpy_h2d_rowbcast = _decl("sdk_memcpy_h2d_rowbcast", _copy)
sdk_memcpy_h2d_colbcast = _decl("sdk_memcpy_h2d_colbcast", _copy)
sdk_memcpy_h2d_stride = _decl("sdk_memcpy_h2d_stride",
                              _copy[:8] + [_u32, _u32] + _copy[8:])
sdk_launch_args = _decl("sdk_launch_args", [_rt, ctypes.c_char_p, _b,
                                            ctypes.POINTER(Task),
                                            ctypes.POINTER(Arg), _u32])
sdk_call = _decl("sdk_call", [_rt, ctypes.c_char_p, _vp, _u32, _b,
                              ctypes.POINTER(Task)])
sdk_task_wait = _decl("sdk_task_wait", [_rt, Task])
sdk_is_task_done = _decl("sdk_is_task_done", [_rt, Task])
sdk_read_symbol_bytes = _decl("sdk_read_symbol_bytes",
                              [_rt, _u32, _u32, ctypes.c_char_p, _vp, _u32,
                               ctypes.POINTER(_u32)])
sdk_dump_core = _decl("sdk_dump_core", [_rt, ctypes.c_char_p])
sdk_core_read_symbol = _decl("sdk_core_read_symbol",
                             [ctypes.c_char_p, _u32, _u32, ctypes.c_char_p,
                              _vp, _u32, ctypes.POINTER(_u32)])
sdk_input_array_to_u32 = _decl("sdk_input_array_to_u32",
                               [_vp, _vp, ctypes.c_uint64, _b, _u32])
sdk_calculate_cycles = _decl("sdk_calculate_cycles",
                             [_vp, ctypes.c_uint64, _vp])

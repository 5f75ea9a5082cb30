# SPDX-License-Identifier: LGPL-2.1-or-later
"""SdkRuntime over libwse: the host API of the public SDK examples.

Arrays are numpy arrays of 4-byte elements (float32, int32, uint32): the
library reads (h2d) or writes (d2h) them in place, no copy, when they are
C-contiguous; an h2d source that is not contiguous is copied first.  Every
failure raises WseError carrying libwse's message ("sdk_memcpy_h2d: ...").
"""
import ctypes
import enum
import errno as _errno
import os

import numpy as np

from . import _lib

MEMORY_BYTES = 49152  # WSE_PE_MEMORY_BYTES: no symbol is larger


class WseError(RuntimeError):
    """A libwse call failed: .errno (positive) and the library's message."""

    def __init__(self, err, message):
        super().__init__(message)
        self.errno = err


class MemcpyDataType(enum.IntEnum):
    MEMCPY_32BIT = 0
    MEMCPY_16BIT = 1


class MemcpyOrder(enum.IntEnum):
    ROW_MAJOR = 0
    COL_MAJOR = 1


class Task:
    """What every memcpy/launch returns; pass it to task_wait()."""

    def __init__(self, tid, keep=None):
        self.id = tid          # 0: the operation was blocking, it is done
        self._keep = keep      # arrays the device reads or writes meanwhile


def _check(err, rt=None):
    if err < 0:
        msg = _lib.sdk_errmsg(rt).decode(errors="replace")
        raise WseError(-err, msg or os.strerror(-err))
    return err


_ARG_TYPES = {
    np.dtype(np.float32): _lib.TYPE_F32, np.dtype(np.int32): _lib.TYPE_I32,
    np.dtype(np.uint32): _lib.TYPE_U32, np.dtype(np.int16): _lib.TYPE_I16,
    np.dtype(np.uint16): _lib.TYPE_U16, np.dtype(np.float16): _lib.TYPE_F16,
}
_TYPE_DTYPES = {v: k for k, v in _ARG_TYPES.items()}


def _arg_word(value, t):
    """The launch word of @value as type @t (PE-ABI section 6)."""
    dt = _TYPE_DTYPES[t]
    v = np.array(value, dtype=dt)
    if dt.itemsize == 4:
        return int(v.view(np.uint32))
    return int(v.view(np.uint16))


class SdkRuntime:
    """SdkRuntime(bindir, cmaddr=None, suppress_simfab_trace=False, ...).

    cmaddr: None (the default device, $WSE_DEVICE or /dev/wse0) or a device
    node path; a network address ("IP:PORT") is not supported here.
    suppress_simfab_trace: False (the default) makes stop() write
    <bindir>/core.wse, which debug_util(bindir) reads; True skips it.
    msg_level: as the SDK's; errors are raised as WseError in any case.
    Also a context manager: load() and run() on entry, stop() on exit.
    """

    def __init__(self, bindir, cmaddr=None, suppress_simfab_trace=False,
                 simfab_numthreads=5, msg_level="WARNING", **kwargs):
        self._rt = None
        self.bindir = os.fspath(bindir)
        self._trace = not suppress_simfab_trace
        device = cmaddr if cmaddr is not None else os.environ.get(
            "WSE_DEVICE")
        if device is not None and not str(device).startswith("/"):
            raise ValueError("SdkRuntime: cmaddr %r: only a device node "
                             "path (/dev/wseN) is supported" % (device,))
        opts = _lib.Options(device.encode() if device else None,
                            b"ERROR" if msg_level in ("DEBUG", "INFO")
                            else None)
        rt = _lib._rt()
        err = _lib.sdk_create(self.bindir.encode(), ctypes.byref(opts),
                              ctypes.byref(rt))
        _check(err, None)
        self._rt = rt
        self._running = False
        # task id -> the host array a nonblocking copy reads or writes: kept
        # alive until task_wait() or stop(), as scripts often drop the task
        # handle and pass temporaries (input_array_to_u32(...) inline)
        self._inflight = {}

    def __del__(self):
        if getattr(self, "_rt", None):
            _lib.sdk_destroy(self._rt)
            self._rt = None

    def __enter__(self):
        self.load()
        self.run()
        return self

    def __exit__(self, *exc):
        if self._running:
            self.stop()
        return False

    def _c(self, err):
        return _check(err, self._rt)

    # ---- life cycle ----
    def load(self):
        self._c(_lib.sdk_load(self._rt))

    def run(self):
        self._c(_lib.sdk_run(self._rt))
        self._running = True

    def stop(self):
        self._running = False
        err = _lib.sdk_stop(self._rt)   # waits for every task
        self._inflight.clear()
        msg = _lib.sdk_errmsg(self._rt).decode(errors="replace")
        if self._trace:
            # best effort, as the simulator's trace: only if stop() kept
            # a copy of PE memory (sdkruntime.h "Debugging")
            _lib.sdk_dump_core(self._rt, os.path.join(
                self.bindir, "core.wse").encode())
        if err < 0:
            raise WseError(-err, msg)

    # ---- names ----
    def _symbol(self, name):
        sym = _lib.Symbol()
        err = _lib.sdk_get_id(self._rt, name.encode(), ctypes.byref(sym))
        if err == -_errno.ENOENT:
            return None
        self._c(err)
        return sym

    def get_id(self, name):
        """The id of an exported data symbol or function; None if unknown."""
        sym = self._symbol(name)
        return None if sym is None else int(sym.id)

    get_symbol = get_id

    def get_param(self, name):
        v = ctypes.c_char_p()
        self._c(_lib.sdk_get_param(self._rt, name.encode(), ctypes.byref(v)))
        return v.value.decode()

    # ---- copies ----
    @staticmethod
    def _device(ident, streaming):
        sym = _lib.Symbol()
        sym.id = int(ident)
        sym.kind = _lib.KIND_COLOR if streaming else _lib.KIND_DATA
        return sym

    @staticmethod
    def _host(arr, what, words, writable):
        if not isinstance(arr, np.ndarray):
            raise TypeError("%s: expected a numpy array, got %s" %
                            (what, type(arr).__name__))
        if arr.dtype.itemsize != 4:
            raise TypeError("%s: dtype %s has %d-byte elements; the host "
                            "array holds 32-bit words (16-bit data: "
                            "sdk_utils.input_array_to_u32)" %
                            (what, arr.dtype, arr.dtype.itemsize))
        if arr.size != words:
            raise ValueError("%s: the array has %d elements, the copy needs "
                             "%d" % (what, arr.size, words))
        if writable:
            if not (arr.flags.c_contiguous and arr.flags.writeable):
                raise ValueError("%s: the destination must be a writable "
                                 "C-contiguous array" % what)
            return arr
        return np.ascontiguousarray(arr)

    def _copy(self, fn, call, sym, arr, extra, x, y, w, h, l, words,
              streaming, data_type, order, nonblock, h2d=True):
        host = self._host(arr, call, words, not h2d)
        task = _lib.Task()
        args = [self._rt]
        if h2d:
            args += [sym, host.ctypes.data_as(ctypes.c_void_p)]
        else:
            args += [host.ctypes.data_as(ctypes.c_void_p), sym]
        args += [x, y, w, h, l] + extra
        args += [bool(streaming), int(data_type), int(order), bool(nonblock),
                 ctypes.byref(task)]
        self._c(fn(*args))
        if nonblock and task.id:
            self._inflight[task.id] = host
        return Task(task.id, host if nonblock else None)

    def memcpy_h2d(self, dest, src, x, y, w, h, l, *, streaming, data_type,
                   order, nonblock):
        return self._copy(_lib.sdk_memcpy_h2d, "memcpy_h2d",
                          self._device(dest, streaming), src, [], x, y, w, h,
                          l, w * h * l, streaming, data_type, order, nonblock)

    def memcpy_d2h(self, dest, src, x, y, w, h, l, *, streaming, data_type,
                   order, nonblock):
        return self._copy(_lib.sdk_memcpy_d2h, "memcpy_d2h",
                          self._device(src, streaming), dest, [], x, y, w, h,
                          l, w * h * l, streaming, data_type, order, nonblock,
                          h2d=False)

    def memcpy_h2d_rowbcast(self, dest, src, x, y, w, h, l, *, streaming,
                            data_type, order, nonblock):
        return self._copy(_lib.sdk_memcpy_h2d_rowbcast, "memcpy_h2d_rowbcast",
                          self._device(dest, streaming), src, [], x, y, w, h,
                          l, h * l, streaming, data_type, order, nonblock)

    def memcpy_h2d_colbcast(self, dest, src, x, y, w, h, l, *, streaming,
                            data_type, order, nonblock):
        return self._copy(_lib.sdk_memcpy_h2d_colbcast, "memcpy_h2d_colbcast",
                          self._device(dest, streaming), src, [], x, y, w, h,
                          l, w * l, streaming, data_type, order, nonblock)

    def memcpy_h2d_stride(self, dest, src, x, y, w, h, l, row_stride,
                          col_stride, *, streaming, data_type, order,
                          nonblock):
        wr = -(-w // col_stride) if col_stride > 0 else 0
        hr = -(-h // row_stride) if row_stride > 0 else 0
        # the C call reports zero strides; the size check needs them >= 1
        return self._copy(_lib.sdk_memcpy_h2d_stride, "memcpy_h2d_stride",
                          self._device(dest, streaming), src,
                          [row_stride, col_stride], x, y, w, h, l,
                          wr * hr * l if wr and hr else src.size, streaming,
                          data_type, order, nonblock)

    # ---- launches ----
    def launch(self, name, *args, nonblock=False):
        sym = self._symbol(name)
        argv = (_lib.Arg * max(len(args), 1))()
        for i, a in enumerate(args):
            dt = getattr(a, "dtype", None)
            if dt is not None and np.dtype(dt) in _ARG_TYPES:
                t = _ARG_TYPES[np.dtype(dt)]
            elif sym is not None and sym.kind == _lib.KIND_FUNCTION and \
                    i < sym.argc:
                t = sym.args[i]    # a Python number takes the declared type
            else:
                t = _lib.TYPE_F32 if isinstance(a, float) else _lib.TYPE_I32
            argv[i] = _lib.Arg(_lib.ARG_MAGIC, t, _arg_word(a, t))
        task = _lib.Task()
        self._c(_lib.sdk_launch_args(self._rt, name.encode(), bool(nonblock),
                                     ctypes.byref(task), argv, len(args)))
        return Task(task.id)

    def call(self, name, args, nonblock=False):
        words = np.ascontiguousarray(np.asarray(args).astype(np.uint32))
        task = _lib.Task()
        self._c(_lib.sdk_call(self._rt, name.encode(),
                              words.ctypes.data_as(ctypes.c_void_p),
                              words.size, bool(nonblock), ctypes.byref(task)))
        return Task(task.id)

    # ---- tasks ----
    def task_wait(self, task):
        if task is None or task.id == 0:
            return
        # released GIL: another Python thread may submit meanwhile
        self._c(_lib.sdk_task_wait(self._rt, _lib.Task(task.id)))
        self._inflight.pop(task.id, None)
        task._keep = None

    def is_task_done(self, task):
        if task is None or task.id == 0:
            return True
        return bool(self._c(_lib.sdk_is_task_done(self._rt,
                                                  _lib.Task(task.id))))

    # ---- debugging ----
    def read_symbol(self, x, y, name, dtype="uint8"):
        """The whole symbol @name on the PE at fabric (x, y), as @dtype."""
        buf = np.zeros(MEMORY_BYTES, dtype=np.uint8)
        n = ctypes.c_uint32()
        self._c(_lib.sdk_read_symbol_bytes(
            self._rt, x, y, name.encode(),
            buf.ctypes.data_as(ctypes.c_void_p), buf.size, ctypes.byref(n)))
        return buf[:n.value].view(np.dtype(dtype)).copy()

    def dump_core(self, path):
        self._c(_lib.sdk_dump_core(self._rt, os.fspath(path).encode()))

# SPDX-License-Identifier: LGPL-2.1-or-later
"""Tests of the wse Python package against /dev/wse0 (run in the VM by
run_tests.py).  Bundles: $WSE_TEST_BUNDLES or /tests/bundles (gemv-tiled:
A f32[12] on 2x2 PEs at fabric (4,1); args: h u16[8] on 2x1)."""
import os
import threading

import numpy as np

from wse import MemcpyDataType, MemcpyOrder, SdkRuntime, WseError
from wse.debug_util import debug_util
from wse.sdk_utils import calculate_cycles, input_array_to_u32, memcpy_view

BUNDLES = os.environ.get("WSE_TEST_BUNDLES", "/tests/bundles")
W, H, L = 2, 2, 12
B32 = dict(streaming=False, data_type=MemcpyDataType.MEMCPY_32BIT,
           nonblock=False)
ROW = MemcpyOrder.ROW_MAJOR
COL = MemcpyOrder.COL_MAJOR


def tiled():
    return SdkRuntime(os.path.join(BUNDLES, "gemv-tiled"))


def read_A(rt, sym):
    out = np.zeros(W * H * L, dtype=np.uint32)
    rt.memcpy_d2h(out, sym, 0, 0, W, H, L, order=ROW, **B32)
    return out.reshape(H, W, L)


def test_get_id_before_load():
    rt = tiled()
    a = rt.get_id("A")          # before load(), as most public run.py do
    assert a is not None and rt.get_id("compute") is not None
    assert rt.get_id("nope") is None
    rt.load()
    assert rt.get_id("A") == a
    rt.stop()


def test_broadcasts_wrap_the_source_in_order():
    with tiled() as rt:
        a = rt.get_id("A")
        R = np.arange(H * L, dtype=np.uint32).reshape(H, L) + 1000
        C = np.arange(W * L, dtype=np.uint32).reshape(W, L) + 5000
        for order, flat in ((ROW, lambda m: m.ravel()),
                            (COL, lambda m: m.T.ravel())):
            rt.memcpy_h2d_rowbcast(a, flat(R), 0, 0, W, H, L, order=order,
                                   **B32)
            got = read_A(rt, a)
            for py in range(H):
                for px in range(W):
                    np.testing.assert_array_equal(got[py, px], R[py])
            rt.memcpy_h2d_colbcast(a, flat(C), 0, 0, W, H, L, order=order,
                                   **B32)
            got = read_A(rt, a)
            for py in range(H):
                for px in range(W):
                    np.testing.assert_array_equal(got[py, px], C[px])


def test_stride_selects_pes():
    with tiled() as rt:
        a = rt.get_id("A")
        base = np.full(W * H * L, 7, dtype=np.uint32)
        rt.memcpy_h2d(a, base, 0, 0, W, H, L, order=ROW, **B32)
        # row_stride 2: only ROI row 0 receives; its 2 PEs, COL_MAJOR
        S = np.arange(W * L, dtype=np.uint32).reshape(W, L) + 900
        rt.memcpy_h2d_stride(a, S.T.ravel(), 0, 0, W, H, L, 2, 1,
                             order=COL, **B32)
        got = read_A(rt, a)
        np.testing.assert_array_equal(got[0, 0], S[0])
        np.testing.assert_array_equal(got[0, 1], S[1])
        np.testing.assert_array_equal(got[1], np.full((W, L), 7))
        try:
            rt.memcpy_h2d_stride(a, S.ravel(), 0, 0, W, H, L, 0, 1,
                                 order=ROW, **B32)
            raise AssertionError("stride 0 accepted")
        except WseError as e:
            assert "row_stride is 0" in str(e), str(e)


def test_sixteen_bit_into_f32():
    with tiled() as rt:
        a = rt.get_id("A")
        v = (np.arange(2 * L, dtype=np.uint32) * 7919 + 5) & 0xFFFF
        rt.memcpy_h2d(a, v, 1, 1, 1, 1, 2 * L, streaming=False,
                      data_type=MemcpyDataType.MEMCPY_16BIT, order=ROW,
                      nonblock=False)
        out = np.zeros(L, dtype=np.uint32)
        rt.memcpy_d2h(out, a, 1, 1, 1, 1, L, order=ROW, **B32)
        np.testing.assert_array_equal(out, v[0::2] | (v[1::2] << 16))
        back = np.zeros(2 * L, dtype=np.uint32)
        rt.memcpy_d2h(back, a, 1, 1, 1, 1, 2 * L, streaming=False,
                      data_type=MemcpyDataType.MEMCPY_16BIT, order=ROW,
                      nonblock=False)
        np.testing.assert_array_equal(memcpy_view(back, np.uint16), v)


def test_calculate_cycles_known_buffer():
    ts = np.array([[0x5678, 0x1234, 0x00AB], [0xFFFF, 0xFFFF, 0xFFFF]],
                  dtype=np.uint16)
    c = calculate_cycles(ts)
    assert list(c) == [0x00AB12345678, (1 << 48) - 1], c
    assert calculate_cycles(ts[0].astype(np.uint32)) == 0x00AB12345678


def test_utils():
    x = np.array([-1, 2, 3], dtype=np.int16)
    assert list(input_array_to_u32(x)) == [0xFFFF, 2, 3]
    assert list(input_array_to_u32(x, 0, 2)) == [0xFFFF, 2 | 1 << 16, 3]
    # the SDK's keyword names, as the public scripts call it
    assert list(input_array_to_u32(np_arr=x, sentinel=0, fast_dim_sz=2)) == \
        [0xFFFF, 2 | 1 << 16, 3]
    w = np.array([0x11223344, 0xAABBCCDD], dtype=np.uint32)
    assert list(memcpy_view(w, np.uint8)) == [0x44, 0xDD]
    f = np.array([1.5, -2], dtype=np.float16)
    assert list(memcpy_view(input_array_to_u32(f), np.float16)) == [1.5, -2]


def test_two_threads_submit_and_wait():
    with tiled() as rt:
        a = rt.get_id("A")
        n = 100
        data = [np.full(W * H * L, i, dtype=np.uint32) for i in range(n)]
        tasks, errors = [], []
        cond = threading.Condition()

        def submit():
            for d in data:
                t = rt.memcpy_h2d(a, d, 0, 0, W, H, L, streaming=False,
                                  data_type=MemcpyDataType.MEMCPY_32BIT,
                                  order=ROW, nonblock=True)
                with cond:
                    tasks.append(t)
                    cond.notify()

        def wait():
            for i in range(n):
                with cond:
                    cond.wait_for(lambda: len(tasks) > i)
                    t = tasks[i]
                try:
                    rt.task_wait(t)
                except WseError as e:  # pragma: no cover - reported
                    errors.append(str(e))

        th = [threading.Thread(target=wait), threading.Thread(target=submit)]
        for t in th:
            t.start()
        for t in th:
            t.join()
        assert not errors, errors
        np.testing.assert_array_equal(read_A(rt, a).ravel(), data[-1])


def test_errors_carry_the_library_message():
    with tiled() as rt:
        a = rt.get_id("A")
        try:
            rt.memcpy_h2d(a, np.zeros(3 * L, np.float32), 1, 0, 3, 1, L,
                          order=ROW, **B32)
            raise AssertionError("ROI outside accepted")
        except WseError as e:
            assert str(e).startswith("sdk_memcpy_h2d: wse_h2d: ROI (1,0,3,1)"
                                     " is outside"), str(e)
        try:
            rt.memcpy_h2d(a, np.zeros(L, np.float16), 0, 0, 1, 1, L,
                          order=ROW, **B32)
            raise AssertionError("2-byte host array accepted")
        except TypeError as e:
            assert "32-bit words" in str(e)
        try:
            rt.launch("compute", np.float32(1), nonblock=False)
            raise AssertionError("wrong argc accepted")
        except WseError as e:
            assert "compute takes no arguments, 1 given" in str(e), str(e)


def test_zero_copy_and_noncontiguous():
    with tiled() as rt:
        a = rt.get_id("A")
        src = np.arange(2 * W * H * L, dtype=np.float32)[::2]  # strided
        rt.memcpy_h2d(a, src, 0, 0, W, H, L, order=ROW, **B32)
        out = np.zeros(W * H * L, dtype=np.float32)
        ptr = out.ctypes.data
        rt.memcpy_d2h(out, a, 0, 0, W, H, L, order=ROW, **B32)
        assert out.ctypes.data == ptr
        np.testing.assert_array_equal(out, src)
        try:
            rt.memcpy_d2h(np.zeros(2 * W * H * L, np.float32)[::2], a, 0, 0,
                          W, H, L, order=ROW, **B32)
            raise AssertionError("strided destination accepted")
        except ValueError:
            pass


def test_read_symbol_after_stop_and_debug_util():
    rt = tiled()
    a = rt.get_id("A")
    rt.load()
    rt.run()
    v = np.arange(W * H * L, dtype=np.float32) * 0.5
    rt.memcpy_h2d(a, v, 0, 0, W, H, L, order=ROW, **B32)
    live = rt.read_symbol(5, 2, "A", dtype="float32")
    rt.stop()                   # writes <bundle>/core.wse
    after = rt.read_symbol(5, 2, "A", dtype="float32")
    want = v.reshape(H, W, L)[1, 1]
    np.testing.assert_array_equal(live, want)
    np.testing.assert_array_equal(after, want)
    dbg = debug_util(os.path.join(BUNDLES, "gemv-tiled"))
    np.testing.assert_array_equal(dbg.get_symbol(4, 2, "A", np.float32),
                                  v.reshape(H, W, L)[1, 0])
    try:
        dbg.get_symbol(9, 9, "A", np.float32)
        raise AssertionError("PE outside accepted")
    except WseError as e:
        assert "outside the program rectangle" in str(e)


def test_launch_argument_types():
    with SdkRuntime(os.path.join(BUNDLES, "args")) as rt:
        rt.launch("store", np.float32(1), np.int32(2), np.uint32(3),
                  np.int16(4), np.uint16(5), np.float16(6), nonblock=False)
        out = rt.read_symbol(4, 1, "out", dtype="uint32")
        assert out[2] == 3, out
        try:
            rt.launch("store", np.int32(1), np.int32(2), np.uint32(3),
                      np.int16(4), np.uint16(5), np.float16(6),
                      nonblock=False)
            raise AssertionError("wrong type accepted")
        except WseError as e:
            assert "argument 0 is i32, expected f32" in str(e), str(e)


def test_nonblocking_copy_keeps_a_dropped_temporary_alive():
    import gc
    with tiled() as rt:
        a = rt.get_id("A")
        want = np.arange(W * H * L, dtype=np.uint32) + 77
        # neither the source nor the task handle is kept by the caller
        rt.memcpy_h2d(a, want.copy(), 0, 0, W, H, L, order=ROW,
                      streaming=False,
                      data_type=MemcpyDataType.MEMCPY_32BIT, nonblock=True)
        gc.collect()
        junk = [np.full(W * H * L, 0xdead, dtype=np.uint32) for _ in range(64)]
        np.testing.assert_array_equal(read_A(rt, a).ravel(), want)
        del junk

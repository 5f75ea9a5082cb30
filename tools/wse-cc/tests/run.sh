#!/bin/sh
# SPDX-License-Identifier: MIT
# Native tests of wse-cc, include/wse/pe.h, pe/crt0.c and pe/pe.ld.
# Prints kselftest-style TAP; exits non-zero if any test fails.
#   sh tools/wse-cc/tests/run.sh        (make -C tools/wse-cc check)
set -u

HERE=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
TOP=$(CDPATH='' cd -- "$HERE/../../.." && pwd)
WSECC=${WSECC:-$TOP/tools/wse-cc/wse-cc}
NM=$(command -v llvm-nm || command -v llvm-nm-14)
READELF=$(command -v llvm-readelf || command -v llvm-readelf-14)
OBJCOPY=$(command -v llvm-objcopy || command -v llvm-objcopy-14)
OBJDUMP=$(command -v llvm-objdump || command -v llvm-objdump-14)
PY=$(command -v python3)
T=$(mktemp -d "${TMPDIR:-/tmp}/wse-cc-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM

n=0
fails=0
ok() { n=$((n + 1)); echo "ok $n $1"; }
notok() {
	n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n $1"
	[ -f "$T/err" ] && sed 's/^/# /' "$T/err" | head -20
}

# expect_fail NAME SUBSTRING wse-cc-args...: exit 1, "wse-cc: " message with SUBSTRING
expect_fail() {
	name=$1 want=$2; shift 2
	"$WSECC" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	# messages name the layout as given: compare without the fixture directory
	sed "s|$T/p/||g" "$T/err" >"$T/err2"
	if [ $rc -eq 1 ] && grep -q "^wse-cc: " "$T/err" && grep -qF -- "$want" "$T/err2"; then
		ok "$name"
	else
		echo "# rc=$rc, wanted message containing: $want"
		notok "$name"
	fi
}

expect_ok() {
	name=$1; shift
	if "$WSECC" "$@" >"$T/out" 2>"$T/err"; then ok "$name"; else notok "$name"; fi
}

check() { # NAME command...
	name=$1; shift
	if "$@" >"$T/err" 2>&1; then ok "$name"; else notok "$name"; fi
}

# ---- fixtures ----
mkdir -p "$T/p"
cat >"$T/p/ok.c" <<'EOF'
#include <wse/pe.h>
WSE_PARAM(int16_t, M, 4);
float A[M];
WSE_EXPORT_SYMBOL(A, WSE_F32);
void compute(float alpha, int32_t n) { A[0] = alpha * (float)n; wse_unblock_cmd_stream(); }
WSE_EXPORT_FN(compute, WSE_F32, WSE_I32);
EOF
layout() { # FILE LINES...
	f=$1; shift
	: >"$f"
	for l in "$@"; do printf '%s\n' "$l" >>"$f"; done
}
EXPORTS='export A f32
export compute fn(f32, i32)'
layout "$T/p/ok1.wse" "rectangle 1 1" "tile 0 0 ok.c" "$EXPORTS"
layout "$T/p/ok22.wse" "rectangle 2 2" "tile 0..1 0..1 ok.c M=8" "$EXPORTS"
F1="--arch=wse3 --fabric-dims=8,3 --fabric-offsets=4,1 --memcpy"
L22=$T/p/ok22.wse
O=$T/o

# ---- flags ----
expect_ok   "flags: minimal valid memcpy build" $F1 -o $O "$T/p/ok1.wse"
expect_ok "flags: --arch missing: wse2, as cslc" --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy -o $O $L22
grep -q '"arch": "wse2"' $O/out.json && ok "flags: default arch in out.json" || notok "flags: default arch in out.json"
expect_ok "flags: --colors (cslc's color parameters)" --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy --colors=x_in:1,ax_out:20 -o $O $L22
grep -q '"x_in": "1"' $O/out.json && ok "flags: --colors listed with the params" || notok "flags: --colors listed with the params"
expect_fail "flags: --colors reserved" "--colors=b_in:22: color 22 is reserved" --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy --colors=b_in:22 -o $O $L22
expect_fail "flags: --colors not a color" "--colors=b_in:24: expected a color 0..23" --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy --colors=b_in:24 -o $O $L22
expect_fail "flags: --colors and --params share names" "parameter M given twice" --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy --params=M:3 --colors=M:2 -o $O $L22
expect_fail "flags: --arch unknown" "--arch=wse4: unknown architecture" --arch=wse4 --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy -o $O $L22
expect_fail "flags: --fabric-dims missing" "--fabric-dims=X,Y is required" --arch=wse3 --fabric-offsets=4,1 --memcpy -o $O $L22
expect_fail "flags: --fabric-dims malformed" "--fabric-dims=9: expected X,Y" --arch=wse3 --fabric-dims=9 --fabric-offsets=4,1 --memcpy -o $O $L22
expect_fail "flags: --fabric-offsets malformed" "--fabric-offsets=a,1: expected X,Y" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=a,1 --memcpy -o $O $L22
expect_fail "flags: dim_x >= 7 + width" "dim_x must be >= 7 + width = 9" --arch=wse3 --fabric-dims=8,4 --fabric-offsets=4,1 --memcpy -o $O $L22
expect_fail "flags: dim_y >= 2 + height" "dim_y must be >= 2 + height = 4" --arch=wse3 --fabric-dims=9,3 --fabric-offsets=4,1 --memcpy -o $O $L22
expect_fail "flags: offset x >= 4" "--fabric-offsets=3,1: x must be >= 4" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=3,1 --memcpy -o $O $L22
expect_fail "flags: offset y >= 1" "--fabric-offsets=4,0: y must be >= 1" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=4,0 --memcpy -o $O $L22
expect_fail "flags: offset x >= 4 + width-west-buf" "x must be >= 4 + --width-west-buf = 6" --arch=wse3 --fabric-dims=20,4 --fabric-offsets=5,1 --memcpy --width-west-buf=2 -o $O $L22
expect_fail "flags: dim_x >= x + width + 3 + width-east-buf" "dim_x must be >= x + width + 3 + --width-east-buf = 4 + 2 + 3 + 2 = 11" --arch=wse3 --fabric-dims=10,4 --fabric-offsets=4,1 --memcpy --width-east-buf=2 -o $O $L22
expect_fail "flags: dim_x >= x + width + 3 (offset)" "dim_x must be >= x + width + 3" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=5,1 --memcpy -o $O $L22
expect_fail "flags: dim_y >= y + height + 1" "dim_y must be >= y + height + 1 = 2 + 2 + 1 = 5" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=4,2 --memcpy -o $O $L22
expect_ok   "flags: buffers at their limits" --arch=wse2 --fabric-dims=13,4 --fabric-offsets=6,1 --memcpy --width-west-buf=2 --width-east-buf=2 --channels=16 -o $O $L22
expect_fail "flags: --channels=0" "--channels=0: must be between 1 and 16" $F1 --channels=0 -o $O "$T/p/ok1.wse"
expect_fail "flags: --channels=17" "--channels=17: must be between 1 and 16" $F1 --channels=17 -o $O "$T/p/ok1.wse"
expect_fail "flags: --channels needs --memcpy" "--channels=2 requires --memcpy" --arch=wse3 --fabric-dims=8,3 --fabric-offsets=4,1 --channels=2 -o $O "$T/p/ok1.wse"
expect_fail "flags: --width-west-buf needs --memcpy" "--width-west-buf=1 requires --memcpy" --arch=wse3 --fabric-dims=8,3 --width-west-buf=1 -o $O "$T/p/ok1.wse"
expect_fail "flags: --memcpy needs --fabric-offsets" "--fabric-offsets=X,Y is required with --memcpy" --arch=wse3 --fabric-dims=8,3 --memcpy -o $O "$T/p/ok1.wse"
expect_fail "flags: rectangle outside the fabric (no memcpy)" "does not fit" --arch=wse3 --fabric-dims=1,1 --fabric-offsets=1,0 -o $O "$T/p/ok1.wse"
expect_fail "flags: --params syntax" "--params: expected NAME:VALUE, got 'M=4'" $F1 --params=M=4 -o $O "$T/p/ok1.wse"
expect_fail "flags: --params twice" "parameter M given twice" $F1 --params=M:4 --params=M:5 -o $O "$T/p/ok1.wse"
expect_fail "flags: reserved streaming color" "color 21 is reserved" $F1 --params=MEMCPYH2D_DATA_1_ID:21 -o $O "$T/p/ok1.wse"
expect_fail "flags: streaming tensor index 1..4" "tensor index must be 1..4" $F1 --params=MEMCPYD2H_DATA_5_ID:3 -o $O "$T/p/ok1.wse"
expect_fail "flags: unknown option" "unknown option '--frobnicate'" $F1 --frobnicate -o $O "$T/p/ok1.wse"
expect_fail "flags: no layout" "no layout file given" $F1 -o $O
expect_fail "flags: bad --sysroot" "--sysroot=/nonexistent: no include/wse/pe.h" $F1 --sysroot=/nonexistent -o $O "$T/p/ok1.wse"

# ---- layout ----
lay() { layout "$T/p/l.wse" "$@"; }
lay "rectangle 2 2" "tile 0..1 0 ok.c" "tile 1 0..1 ok.c" "$EXPORTS"
expect_fail "layout: overlap" "l.wse:3: tile overlaps the tile of line 2 at PE (1, 0)" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy -o $O "$T/p/l.wse"
lay "rectangle 2 2" "tile 0..1 0 ok.c" "tile 0 1 ok.c" "$EXPORTS"
expect_fail "layout: gap" "PE (1, 1) of the 2x2 rectangle is not covered by any tile" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy -o $O "$T/p/l.wse"
lay "rectangle 2 2" "tile 1..0 0..1 ok.c" "$EXPORTS"
expect_fail "layout: bad range" "l.wse:2: bad x-range '1..0'" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy -o $O "$T/p/l.wse"
lay "rectangle 2 2" "tile 0..1 0..2 ok.c" "$EXPORTS"
expect_fail "layout: range outside the rectangle" "l.wse:2: y-range '0..2' outside the rectangle" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy -o $O "$T/p/l.wse"
lay "# comment" "rectangle 1 1" "tiles 0 0 ok.c" "$EXPORTS"
expect_fail "layout: unknown directive" "l.wse:3: unknown directive 'tiles'" $F1 -o $O "$T/p/l.wse"
lay "tile 0 0 ok.c" "rectangle 1 1"
expect_fail "layout: tile before rectangle" "l.wse:1: 'tile' before 'rectangle'" $F1 -o $O "$T/p/l.wse"
lay "rectangle 1 1" "tile 0 0 ok.c" "export A float"
expect_fail "layout: bad export type" "l.wse:3: export A: unknown type 'float'" $F1 -o $O "$T/p/l.wse"
lay "rectangle 1 1" "tile 0 0 ok.c FOO" "$EXPORTS"
expect_fail "layout: bad define" "l.wse:2: bad define 'FOO'" $F1 -o $O "$T/p/l.wse"
lay "rectangle 1 1" "tile 0 0 missing.c" "$EXPORTS"
expect_fail "layout: missing source" "l.wse:2: source 'missing.c' not found" $F1 -o $O "$T/p/l.wse"
lay "rectangle 1 1" "tile 0 0 ok.c" "export A f32" "export A f32"
expect_fail "layout: duplicate export" "l.wse:4: export A: already exported at line 3" $F1 -o $O "$T/p/l.wse"

# ---- reserved resources (one program per kind) ----
res_test() { # NAME ARCH CODE WANT
	cat >"$T/p/res.c" <<EOF
#include <wse/pe.h>
static void task(void) { }
$3
void compute(void) { wse_unblock_cmd_stream(); }
WSE_EXPORT_FN(compute);
void wse_init(void) { task(); }
EOF
	layout "$T/p/res.wse" "rectangle 1 1" "tile 0 0 res.c" "export compute fn()"
	if [ -n "$4" ]; then
		expect_fail "$1" "$4" --arch=$2 --fabric-dims=8,3 --fabric-offsets=4,1 --memcpy -o $O "$T/p/res.wse"
	else
		expect_ok "$1" --arch=$2 --fabric-dims=8,3 --fabric-offsets=4,1 --memcpy -o $O "$T/p/res.wse"
	fi
}
res_test "reserved: color 22" wse3 "WSE_USE_COLOR(22);" "tile 0 0 res.c (res.wse:2): color 22 is reserved"
res_test "reserved: local task 27" wse3 "void f(void); void f(void) { wse_bind_local_task(27, task); }" "local task 27 is reserved"
res_test "reserved: local task 28" wse3 "void f(void); void f(void) { wse_bind_local_task(28, task); }" "local task 28 is reserved"
res_test "reserved: local task 30" wse3 "void f(void); void f(void) { wse_bind_local_task(30, task); }" "local task 30 is reserved"
res_test "reserved: control task 35" wse3 "WSE_USE_CONTROL_TASK(35);" "control task 35 is reserved"
res_test "reserved: microthread 0" wse3 "WSE_USE_MICROTHREAD(0);" "microthread 0 is reserved"
res_test "reserved: input queue 0" wse2 "WSE_USE_INPUT_QUEUE(0);" "input queue 0 is reserved"
res_test "reserved: input queue 1 on wse3" wse3 "WSE_USE_INPUT_QUEUE(1);" "input queue 1 is reserved for the memcpy runtime on wse3"
res_test "allowed: input queue 1 on wse2" wse2 "WSE_USE_INPUT_QUEUE(1);" ""
res_test "reserved: output queue 0" wse3 "WSE_USE_OUTPUT_QUEUE(0);" "output queue 0 is reserved"
res_test "allowed: local task 29, color 20, control task 38" wse3 "WSE_USE_COLOR(20); WSE_USE_CONTROL_TASK(38); void f(void); void f(void) { wse_bind_local_task(29, task); }" ""
res_test "range: color 24" wse3 "WSE_USE_COLOR(24);" "color 24 out of range 0..23"
res_test "control task: bound to reserved id 33" wse3 "void f(void); void f(void) { wse_bind_control_task(33, task); }" "control task 33 is reserved for the memcpy runtime"
res_test "control task: bound to reserved id 37" wse2 "void f(void); void f(void) { wse_bind_control_task(37, task); }" "control task 37 is reserved for the memcpy runtime"
res_test "control task: record of id 64" wse3 "WSE_USE_CONTROL_TASK(64);" "control task 64 out of range 0..63"
res_test "control task: id 64 (compile-time check)" wse3 "void f(void); void f(void) { wse_bind_control_task(64, task); }" "compilation failed"
grep -q "control task id out of range 0..63" "$T/err" && ok "pe.h: control task id range message" || notok "pe.h: control task id range message"
res_test "control task: payload of id 70 (compile-time check)" wse3 "void f(void); void f(void) { (void)wse_control_payload(70); }" "compilation failed"
res_test "control task: wse2, id = a local task id" wse2 "void f(void); void f(void) { wse_bind_control_task(9, task); wse_bind_local_task(9, task); }" "control task 9 clashes with local task 9: on WSE-2 they share one task table"
res_test "control task: wse3, id = a local task id is fine" wse3 "void f(void); void f(void) { wse_bind_control_task(9, task); wse_bind_local_task(9, task); }" ""
res_test "control task: ids 0, 38 and 63 are fine" wse2 "void f(void); void f(void) { wse_bind_control_task(0, task); wse_bind_control_task(38, task); wse_bind_control_task(63, task); }" ""

# ---- routes (PE-ABI section 11) ----
R="--arch=wse3 --fabric-dims=11,6 --fabric-offsets=4,1 --memcpy"
# a 4x2 rectangle of ok.c, plus route lines
rt() { layout "$T/p/r.wse" "rectangle 4 2" "tile 0..3 0..1 ok.c" "$EXPORTS" "$@"; }
rt "route 0..2 0 5 rx=RAMP tx=EAST   # east along row 0" "route 1..3 0 5 tx=RAMP rx=WEST" \
   "route 0..3:2 1 6 rx=RAMP tx=NORTH" "route 0..3:2 0 6 rx=SOUTH tx=RAMP,EAST" \
   "route 1..3:2 0 6 rx=EAST tx=RAMP  # replaced below" "route 1..3:2 0 6 rx=WEST tx=RAMP" \
   "route 0..3:3 0..1 7 rx=RAMP tx=SOUTH,NORTH" "route 0..3:3 0..1 7 rx= tx=" \
   "route 0..2:2 0..1:1 8 rx=RAMP tx=EAST" "route 1..3:2 0..1 8 rx=WEST tx=RAMP"
expect_ok   "routes: valid layout (ranges, steps, multicast, replacement, empty route)" $R \
	--params=MEMCPYH2D_DATA_2_ID:3,MEMCPYD2H_DATA_1_ID:4 -o "$T/rt" "$T/p/r.wse"
check "routes: out.json routes and colors" "$PY" - "$T/rt/out.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
want = [
    {"x": [0, 2, 1], "y": [0, 0, 1], "color": 5, "rx": 1, "tx": 4},
    {"x": [1, 3, 1], "y": [0, 0, 1], "color": 5, "rx": 16, "tx": 1},
    {"x": [0, 2, 2], "y": [1, 1, 1], "color": 6, "rx": 1, "tx": 2},
    {"x": [0, 2, 2], "y": [0, 0, 1], "color": 6, "rx": 8, "tx": 5},
    {"x": [1, 3, 2], "y": [0, 0, 1], "color": 6, "rx": 4, "tx": 1},
    {"x": [1, 3, 2], "y": [0, 0, 1], "color": 6, "rx": 16, "tx": 1},
    {"x": [0, 3, 3], "y": [0, 1, 1], "color": 7, "rx": 1, "tx": 10},
    {"x": [0, 3, 3], "y": [0, 1, 1], "color": 7, "rx": 0, "tx": 0},
    {"x": [0, 2, 2], "y": [0, 1, 1], "color": 8, "rx": 1, "tx": 4},
    {"x": [1, 3, 2], "y": [0, 1, 1], "color": 8, "rx": 16, "tx": 1},
    {"x": [0, 3, 1], "y": [0, 1, 1], "color": 3, "rx": 32, "tx": 1},
    {"x": [0, 3, 1], "y": [0, 1, 1], "color": 4, "rx": 1, "tx": 32},
]
if j["routes"] != want:
    sys.exit("routes: %r" % j["routes"])
if j["colors"] != {"MEMCPYH2D_DATA_2_ID": 3, "MEMCPYD2H_DATA_1_ID": 4}:
    sys.exit("colors: %r" % j["colors"])
EOF
expect_ok   "routes: none at all" $F1 -o "$T/rt0" "$T/p/ok1.wse"
grep -q '"routes": \[ \]' "$T/rt0/out.json" && ok "routes: empty list in out.json" || notok "routes: empty list in out.json"
rt "route 0..3:0 0 5 rx=RAMP tx=EAST"
expect_fail "routes: step 0" "r.wse:5: bad x-range '0..3:0'" $R -o $O "$T/p/r.wse"
rt "route 0 2..1 5 rx=RAMP tx=EAST"
expect_fail "routes: reversed range" "r.wse:5: bad y-range '2..1'" $R -o $O "$T/p/r.wse"
rt "route 0..4 0 5 rx=RAMP tx=EAST"
expect_fail "routes: range outside the rectangle" "r.wse:5: x-range '0..4' outside the rectangle (x < 4)" $R -o $O "$T/p/r.wse"
rt "route 0 0 5 rx=RAMP tx=EST"
expect_fail "routes: unknown port" "r.wse:5: tx=EST: unknown port 'EST'" $R -o $O "$T/p/r.wse"
rt "route 0 0 5 rx=RAMP,RAMP tx=EAST"
expect_fail "routes: port listed twice" "r.wse:5: rx=RAMP,RAMP: port RAMP listed twice" $R -o $O "$T/p/r.wse"
rt "route 0 0 5 rx=MEMCPY tx=RAMP"
expect_fail "routes: MEMCPY not allowed" "r.wse:5: rx=MEMCPY: MEMCPY is not allowed in the layout" $R -o $O "$T/p/r.wse"
rt "route 0 0 22 rx=RAMP tx=EAST"
expect_fail "routes: memcpy color 22" "r.wse:5: route of color 22: colors 21-23 are reserved" $R -o $O "$T/p/r.wse"
rt "route 0 0 24 rx=RAMP tx=EAST"
expect_fail "routes: color 24" "r.wse:5: bad color '24' (expected 0..23)" $R -o $O "$T/p/r.wse"
rt "route 0 0 5 rx=RAMP"
expect_fail "routes: missing tx" "r.wse:5: expected 'route X-RANGE Y-RANGE COLOR rx=PORTS tx=PORTS'" $R -o $O "$T/p/r.wse"
rt "route 0 0 5 rx=RAMP rx=EAST"
expect_fail "routes: rx twice" "r.wse:5: bad 'rx=EAST'" $R -o $O "$T/p/r.wse"
layout "$T/p/r.wse" "route 0 0 5 rx=RAMP tx=EAST" "rectangle 1 1"
expect_fail "routes: route before rectangle" "r.wse:1: 'route' before 'rectangle'" $R -o $O "$T/p/r.wse"
rt "route 0 0 5 rx=RAMP tx=EAST" "route 1 0 5 rx=WEST tx=RAMP" "route 2 0 9 rx=WEST tx=RAMP" "route 0 0 3 rx=RAMP tx=EAST"
expect_fail "routes: stream color routed in the layout" "r.wse:8: route of color 3: it is the stream color MEMCPYH2D_DATA_1_ID" $R --params=MEMCPYH2D_DATA_1_ID:3 -o $O "$T/p/r.wse"
rt "route 0..3 0..1 9 rx=RAMP tx="
expect_fail "routes: rx without tx" "r.wse:5: route of color 9 at PE (0, 0): rx=RAMP tx=none: rx and tx must be both empty or both non-empty" $R -o $O "$T/p/r.wse"
rt "route 2 1 9 rx= tx=RAMP"
expect_fail "routes: tx without rx" "r.wse:5: route of color 9 at PE (2, 1): rx=none tx=RAMP: rx and tx must be both" $R -o $O "$T/p/r.wse"
rt "route 1 0 9 rx=WEST,EAST,RAMP tx=RAMP,EAST"
expect_fail "routes: port in both rx and tx" "r.wse:5: route of color 9 at PE (1, 0): port EAST in both rx and tx (only RAMP may be)" $R -o $O "$T/p/r.wse"
# cslc's self ramp: the PE's own wavelets come back to it (and go on)
rt "route 0..3 0 9 rx=RAMP tx=RAMP,SOUTH" "route 0..3 1 9 rx=NORTH tx=RAMP"
expect_ok "routes: self ramp rx=RAMP tx=RAMP,SOUTH" $R -o "$T/rts" "$T/p/r.wse"
grep -q '"color": 9, "rx": 1, "tx": 9 }' "$T/rts/out.json" && ok "routes: self ramp in out.json" || notok "routes: self ramp in out.json"
# directions that leave the rectangle: dropped (cslc accepts them), rules still hold
rt "route 0..1 0 9 rx=WEST tx=RAMP"
expect_ok "routes: rx leaving the rectangle (west edge) is dropped" $R -o "$T/rtl" "$T/p/r.wse"
grep -q '{ "x": \[ 0, 0, 1 \], "y": \[ 0, 0, 1 \], "color": 9, "rx": 0, "tx": 0 }' "$T/rtl/out.json" &&
	ok "routes: the dropped route's entry in out.json" || notok "routes: the dropped route's entry in out.json"
rt "route 0 0 9 rx=RAMP tx=EAST" "route 1..3 0 9 rx=WEST tx=EAST,RAMP"
expect_ok "routes: an edge PE's tx out of the rectangle is dropped, the rest kept" $R -o "$T/rtl" "$T/p/r.wse"
grep -q '{ "x": \[ 3, 3, 1 \], "y": \[ 0, 0, 1 \], "color": 9, "rx": 16, "tx": 1 }' "$T/rtl/out.json" &&
	ok "routes: rx=WEST tx=RAMP left at the east edge" || notok "routes: rx=WEST tx=RAMP left at the east edge"
rt "route 1 1 9 rx=RAMP tx=SOUTH" "route 2 0 9 rx=RAMP tx=NORTH"
expect_ok "routes: routes leaving south and north edges are dropped" $R -o $O "$T/p/r.wse"
rt "route 2 0 9 rx=RAMP tx=EAST" "route 3 0 9 rx=WEST tx=EAST"
expect_fail "routes: sending into a route that only leaves" "r.wse:5: route of color 9 at PE (2, 0): tx=EAST, but PE (3, 0) does not accept color 9 from WEST (rx=none tx=none, line 6, less the directions leaving the rectangle)" $R -o $O "$T/p/r.wse"
rt "route 0 0 9 rx=RAMP tx=EAST"
expect_fail "routes: tx to a neighbour without a route" "r.wse:5: route of color 9 at PE (0, 0): tx=EAST, but PE (1, 0) does not accept color 9 from WEST (no route)" $R -o $O "$T/p/r.wse"
rt "route 0 0 9 rx=RAMP tx=EAST,SOUTH" "route 1 0 9 rx=WEST tx=RAMP" "route 0 1 9 rx=EAST tx=RAMP"
expect_fail "routes: multicast, one neighbour does not accept" "r.wse:5: route of color 9 at PE (0, 0): tx=SOUTH, but PE (0, 1) does not accept color 9 from NORTH (rx=EAST tx=RAMP, line 7)" $R -o $O "$T/p/r.wse"
rt "route 0 0 9 rx=RAMP tx=EAST" "route 1 0 9 rx=WEST tx=RAMP" "route 1 0 9 rx=EAST tx=RAMP"
expect_fail "routes: a later line replaces the accepting route" "PE (1, 0) does not accept color 9 from WEST (rx=EAST tx=RAMP, line 7)" $R -o $O "$T/p/r.wse"
rt "route 0 0 9 rx=EAST tx=RAMP" "route 1 0 9 rx=RAMP tx=WEST,EAST" "route 2 0 9 rx=WEST tx=RAMP" "route 1 0 9 rx=RAMP tx=WEST"
expect_ok   "routes: a later line removes a bad multicast" $R -o $O "$T/p/r.wse"
expect_fail "flags: stream color used twice (numerically)" "--params=MEMCPYD2H_DATA_1_ID:03: color 3 already used by MEMCPYH2D_DATA_1_ID" $R --params=MEMCPYH2D_DATA_1_ID:3,MEMCPYD2H_DATA_1_ID:03 -o $O "$T/p/r.wse"

# ---- fabric resources: data tasks, fabric DSDs ----
fab_test() { # NAME ARCH CODE WANT [LAYOUT-LINES...]: 2x1 rectangle, color 2 H2D stream
	name=$1 arch=$2 code=$3 want=$4; shift 4
	cat >"$T/p/fab.c" <<EOF
#include <wse/pe.h>
static void task(void) { }
static void dtask(uint32_t w) { (void)w; }
void compute(void) { $code wse_unblock_cmd_stream(); }
WSE_EXPORT_FN(compute);
void wse_init(void) { task(); dtask(0); }
EOF
	layout "$T/p/fab.wse" "rectangle 2 1" "tile 0..1 0 fab.c" "export compute fn()" "$@"
	if [ -n "$want" ]; then
		expect_fail "$name" "$want" --arch=$arch --fabric-dims=9,3 --fabric-offsets=4,1 --memcpy --params=MEMCPYH2D_DATA_1_ID:2,MEMCPYD2H_DATA_1_ID:4 -o $O "$T/p/fab.wse"
	else
		expect_ok "$name" --arch=$arch --fabric-dims=9,3 --fabric-offsets=4,1 --memcpy --params=MEMCPYH2D_DATA_1_ID:2,MEMCPYD2H_DATA_1_ID:4 -o $O "$T/p/fab.wse"
	fi
}
fab_test "data task: on an H2D stream color" wse3 "wse_bind_data_task(2, dtask);" ""
fab_test "data task: on a routed color (tx has RAMP on every PE)" wse2 "wse_bind_data_task(5, dtask);" "" \
	"route 0 0 5 rx=EAST tx=RAMP" "route 1 0 5 rx=WEST tx=RAMP"
fab_test "data task: color not routed to RAMP on one PE" wse3 "wse_bind_data_task(5, dtask);" \
	"tile 0..1 0 fab.c (fab.wse:2): PE (0, 0): data task bound to color 5, but the route of color 5 there has no RAMP in tx (rx=RAMP tx=EAST, line 4): the task would never run" \
	"route 0 0 5 rx=RAMP tx=EAST" "route 1 0 5 rx=WEST tx=RAMP"
fab_test "data task: color without any route" wse3 "wse_bind_data_task(6, dtask);" \
	"PE (0, 0): data task bound to color 6, but the route of color 6 there has no RAMP in tx (no route)"
fab_test "data task: on a D2H stream color" wse3 "wse_bind_data_task(4, dtask);" \
	"PE (0, 0): data task bound to color 4, but the route of color 4 there has no RAMP in tx (rx=RAMP tx=MEMCPY, stream color)"
fab_test "data task: reserved color 21" wse3 "wse_bind_data_task(21, dtask);" "color 21 is reserved for the memcpy runtime"
fab_test "data task: color 24 (compile-time check)" wse3 "wse_bind_data_task(24, dtask);" "compilation failed"
grep -q "wse_bind_data_task: color out of range 0..23" "$T/err" && ok "pe.h: data task color range message" || notok "pe.h: data task color range message"
fab_test "wse2: local task id = data task color" wse2 "wse_bind_data_task(2, dtask); wse_bind_local_task(2, task);" \
	"tile 0..1 0 fab.c (fab.wse:2): local task 2 clashes with the data task of color 2: on WSE-2 a data task's id is its color"
fab_test "wse2: control task id = data task color" wse2 "wse_bind_data_task(2, dtask); wse_bind_control_task(2, task);" \
	"tile 0..1 0 fab.c (fab.wse:2): control task 2 clashes with the data task of color 2: on WSE-2 a data task's id is its color"
fab_test "fabout_ctrl: output queue 0 reserved" wse3 "wse_send_control(4, 0, 43);" "output queue 0 is reserved for the memcpy runtime"
fab_test "wse3: local task id = data task color is fine" wse3 "wse_bind_data_task(2, dtask); wse_bind_local_task(2, task);" ""
fab_test "wse2: other local task ids are fine" wse2 "wse_bind_data_task(2, dtask); wse_bind_local_task(3, task);" ""
fab_test "fabin: input queue 0 reserved" wse2 "(void)wse_recv32(2, 0);" "input queue 0 is reserved for the memcpy runtime"
fab_test "fabin: input queue 1 reserved on wse3" wse3 "wse_mov32(wse_dsd_mem(0, 0, 1), wse_dsd_fabin(2, 1, 4));" "input queue 1 is reserved for the memcpy runtime on wse3"
fab_test "fabin: input queue 1 allowed on wse2" wse2 "wse_mov32(wse_dsd_mem(0, 0, 1), wse_dsd_fabin(2, 1, 4));" ""
fab_test "fabout: output queue 0 reserved" wse3 "wse_send32(4, 0, 1u);" "output queue 0 is reserved for the memcpy runtime"
fab_test "fabout: color 22 reserved" wse3 "wse_send16(22, 2, 1u);" "color 22 is reserved for the memcpy runtime"
fab_test "fabin: queue 8 (compile-time check)" wse3 "(void)wse_recv16(2, 8);" "compilation failed"
grep -q "wse_dsd_fabin: queue out of range 0..7" "$T/err" && ok "pe.h: fabric DSD range message" || notok "pe.h: fabric DSD range message"

# ---- the whole fabric API ----
check "pe.h fabric API: -std=c11 -pedantic -Wall -Wextra -Werror" \
	clang --target=riscv32 -march=rv32imf -mabi=ilp32f -ffreestanding -nostdlib -mno-relax \
	-O2 -std=c11 -pedantic -Wall -Wextra -Werror -I"$TOP/include" -c "$HERE/fabric.c" -o "$T/fabric.o"
layout "$T/p/fabric.wse" "rectangle 2 1" "tile 0..1 0 $HERE/fabric.c" "export X f32" "export compute fn()" \
	"route 0 0 3 rx=EAST tx=RAMP" "route 1 0 3 rx=RAMP tx=WEST"
expect_ok "fabric API: builds through wse-cc (streams: 2 H2D, 4 D2H)" --arch=wse3 --fabric-dims=9,3 --fabric-offsets=4,1 \
	--memcpy --params=MEMCPYH2D_DATA_1_ID:2,MEMCPYD2H_DATA_1_ID:4 -o "$T/fab" "$T/p/fabric.wse"
check "fabric API: resource records (data task color 2, queues, tasks)" "$PY" - "$T/fab/pe_0.elf" "$OBJCOPY" "$T" <<'EOF'
import struct, subprocess, sys
subprocess.check_call([sys.argv[2], "--dump-section", ".wse.resources=" + sys.argv[3] + "/r.bin",
                       sys.argv[1], sys.argv[3] + "/c.elf"])
data = open(sys.argv[3] + "/r.bin", "rb").read()
recs = set(struct.unpack_from("<II", data, o) for o in range(0, len(data), 8))
for r in [(7, 2), (1, 2), (1, 3), (1, 4), (4, 2), (5, 1), (2, 6), (2, 7)]:
    assert r in recs, (r, sorted(recs))
assert not [r for r in recs if r[0] == 7 and r[1] != 2], sorted(recs)
EOF

# ---- crt0 end to end on the fabric core (built natively) ----
layout "$T/p/crt0.wse" "rectangle 1 1" "tile 0 0 $HERE/crt0_prog.c" "export go fn(u32)"
expect_ok "crt0: end-to-end program builds" --arch=wse3 --fabric-dims=8,3 --fabric-offsets=4,1 --memcpy \
	--params=MEMCPYH2D_DATA_1_ID:1,MEMCPYD2H_DATA_1_ID:2 -o "$T/crt0" "$T/p/crt0.wse"
FAB=$TOP/kernel/fabric
if cc -std=c11 -O1 -D_GNU_SOURCE -I"$FAB" -I"$TOP/uapi" -I"$TOP/include" "$HERE/crt0_run.c" \
	"$FAB"/*.c -o "$T/crt0_run" -lm >"$T/err" 2>&1; then
	"$OBJCOPY" -O binary "$T/crt0/pe_0.elf" "$T/crt0.bin"
	TR=$("$NM" "$T/crt0/pe_0.elf" | awk '$3 == "__wse_tramp_go" { print $1 }')
	check "crt0: data task, local tasks, send/recv, async completion on the fabric core" \
		"$T/crt0_run" "$T/crt0.bin" "$TR"
else
	n=$((n + 1)); fails=$((fails + 1))
	echo "not ok $n crt0: kernel/fabric does not build natively"; sed 's/^/# /' "$T/err"
fi

# ---- export names that differ from the C names ----
AF="--arch=wse3 --fabric-dims=8,3 --fabric-offsets=4,1 --memcpy --params=MEMCPYH2D_DATA_1_ID:1,MEMCPYD2H_DATA_1_ID:2"
layout "$T/p/alias.wse" "rectangle 1 1" "tile 0 0 $HERE/alias_prog.c" "export A f32" "export scale fn(f32)"
expect_ok "alias: WSE_EXPORT_SYMBOL_AS / WSE_EXPORT_FN_AS build under their export names" $AF -o "$T/alias" "$T/p/alias.wse"
check "alias: out.json lists A and scale, not the C names" sh -c \
	"grep -q '\"A\"' '$T/alias/out.json' && grep -q '\"scale\"' '$T/alias/out.json' && ! grep -q 'a_local\|scale_impl' '$T/alias/out.json'"
layout "$T/p/alias2.wse" "rectangle 1 1" "tile 0 0 $HERE/alias_prog.c" "export a_local f32" "export scale fn(f32)"
expect_fail "alias: the C name is not an export name" "does not export 'a_local'" $AF -o "$T/alias2" "$T/p/alias2.wse"

# ---- programs fed wavelets on color 1 by feed_run.c (fabric core) ----
FEED_RUN=
if cc -std=c11 -O1 -D_GNU_SOURCE -I"$FAB" -I"$TOP/uapi" -I"$TOP/include" "$HERE/feed_run.c" \
	"$FAB"/*.c -o "$T/feed_run" -lm >"$T/err" 2>&1; then
	FEED_RUN=$T/feed_run
else
	notok "feed_run: kernel/fabric does not build natively"
fi
# expect_feed NAME PROG WAVELETS...: $T/feed.want is what $T/PROG must send
# on color 2 (and how it faults) for the hex WAVELETS sent on color 1 (not
# a pipe into this function: its counts would stay in a subshell)
expect_feed() {
	name=$1 p=$2; shift 2
	if [ -n "$FEED_RUN" ] && "$OBJCOPY" -O binary "$T/$p/pe_0.elf" "$T/$p.bin" &&
		{ "$FEED_RUN" "$T/$p.bin" "$@" >"$T/got" 2>"$T/err"; true; } &&
		diff -u "$T/feed.want" "$T/got" >>"$T/err"; then
		ok "$name"
	else
		sed 's/^/# /' "$T/err"; [ -f "$T/got" ] && sed 's/^/# got: /' "$T/got"
		notok "$name"
	fi
}

layout "$T/p/dtask.wse" "rectangle 1 1" "tile 0 0 $HERE/dtask_prog.c"
expect_ok "dtask: typed data task program builds" $AF -o "$T/dtask" "$T/p/dtask.wse"
# u16+index (5 @7, 0x1234 @0xfffe), f32 (1.5, -0.25, 0x1p-149, inf: doubled),
# i16+index (-1 @3)
printf '0x%x\n' 5 7 0x1234 0xfffe 0x40400000 0xbf000000 0x2 0x7f800000 0xffffffff 3 >"$T/feed.want"
expect_feed "dtask: f32, u16+index and i16+index data tasks get their typed arguments" \
	dtask 00070005 fffe1234 3fc00000 be800000 1 7f800000 0003ffff

layout "$T/p/map.wse" "rectangle 1 1" "tile 0 0 $HERE/map_prog.c"
expect_ok "map: wse_map_f32 / map2 / map3 program builds" $AF -o "$T/map" "$T/p/map.wse"
# out = 2*a[0,2,4] + (0.5, 1, -10) = (2.5, 7, 0); -out; out*a[0..2] - a[3..5];
# then the unequal lengths stop the PE at the ebreak (WSE_FAULT_BREAK)
{ printf '0x%x\n' 0xc0200000 0xc0e00000 0x80000000 0xbfc00000 0x41100000 0xc0c00000
  echo "fault: cause $(sed -n 's/.*WSE_FAULT_BREAK = \([0-9]*\).*/\1/p' "$TOP/uapi/linux/wse.h")"; } >"$T/feed.want"
expect_feed "map: elements in order from memory (stride 2) and fabin, to memory and fabout; unequal lengths stop the PE" \
	map 3f000000 3f800000 c1200000

layout "$T/p/idx.wse" "rectangle 1 1" "tile 0 0 $HERE/idx_prog.c"
expect_ok "idx: wavelet_index_offset program builds" $AF -o "$T/idx" "$T/p/idx.wse"
# A = [1 2 3; 4 5 6], x = (1, 0.5, 2) sent as x2, x0, x1: y = (8, 18.5) in f16
printf '0x%x\n' 0x4800 0x4ca0 >"$T/feed.want"
expect_feed "idx: wse_dsd_wavelet_index_offset moves A's column by the wavelet's index" \
	idx 24000 3c00 13800

layout "$T/p/ctl.wse" "rectangle 1 1" "tile 0 0 $HERE/ctl_prog.c"
expect_ok "ctl: sentinel program builds" $AF -o "$T/ctl" "$T/p/ctl.wse"
# 1+2+3 then sentinel 43: sum 6, count 3 (not 4: no data task for it);
# 4 then 43 again; 44 sends a control wavelet 43 << 16 on color 2;
# id 45 has no task: ebreak in crt0
{ printf '0x%x\n' 6 3 4 1; echo "c 0x2b0000"
  echo "fault: cause $(sed -n 's/.*WSE_FAULT_BREAK = \([0-9]*\).*/\1/p' "$TOP/uapi/linux/wse.h")"; } >"$T/feed.want"
expect_feed "ctl: a control wavelet runs its control task, not the data task; wse_send_control sends one; an unbound id stops the PE" \
	ctl 1 2 3 c:2b0000 4 c:2b0000 c:2c0000 c:2d0000
layout "$T/p/ctlop.wse" "rectangle 1 1" "tile 0 0 $HERE/ctl_op_prog.c"
expect_ok "ctl: sentinel with a fabin op builds" $AF -o "$T/ctlop" "$T/p/ctlop.wse"
printf '0x%x\n' 0xc0 1 0xdead 1 2 3 >"$T/feed.want"
expect_feed "ctl: a control wavelet is not an element of a fabin op; the op goes on behind it" \
	ctlop 1 c:2b0000 2 3

# ---- CSL semantics on the fabric core: pe_run.c runs one launch ----
PE_RUN=
if cc -std=c11 -O1 -D_GNU_SOURCE -I"$FAB" -I"$TOP/uapi" -I"$TOP/include" "$HERE/pe_run.c" \
	"$FAB"/*.c -o "$T/pe_run" -lm >"$T/err" 2>&1; then
	PE_RUN=$T/pe_run
else
	notok "pe_run: kernel/fabric does not build natively"
fi
# prog_run PROG FN ARGS...: the image $T/PROG/pe_0.elf runs FN(ARGS) (hex words)
prog_run() {
	p=$1 fn=$2; shift 2
	"$OBJCOPY" -O binary "$T/$p/pe_0.elf" "$T/$p.bin" &&
	"$PE_RUN" "$T/$p.bin" "$("$NM" "$T/$p/pe_0.elf" | awk -v s="__wse_tramp_$fn" '$3 == s { print $1 }')" "$@"
}
# expect_run NAME EXPECTED-FILE PROG FN ARGS...
expect_run() {
	name=$1 want=$2; shift 2
	if [ -n "$PE_RUN" ] && prog_run "$@" >"$T/got" 2>&1 && diff -u "$want" "$T/got" >"$T/err"; then
		ok "$name"
	else
		[ -f "$T/got" ] && sed 's/^/# got: /' "$T/got"
		notok "$name"
	fi
}

printf 'w 0x%x\nw 0x%x\ndone\n' 0x40400000 0xc0800000 >"$T/alias_want"	# 1.5*2, -2*2
expect_run "alias: scale (scale_impl) runs under its export name's record" "$T/alias_want" alias scale_impl 40000000
layout "$T/p/fp.wse" "rectangle 1 1" "tile 0 0 $HERE/fp_prog.c" "export f fn(f32, f32, f32, f32, f32)"
expect_ok "fp: a*b - c*d program builds (sqrtf links: no math errno)" $F1 -o "$T/fp" "$T/p/fp.wse"
check "fp: no fused multiply-add in the ELF (-ffp-contract=off)" sh -c \
	"test -f '$T/fp/pe_0.elf' && ! $OBJDUMP -d '$T/fp/pe_0.elf' | grep -E 'fn?m(add|sub)\.s'"
check "fp: __builtin_sqrtf is fsqrt.s, not a call" sh -c "$OBJDUMP -d '$T/fp/pe_0.elf' | grep -q 'fsqrt.s'"
# the host, contraction off: the same three values
cat >"$T/fp_host.c" <<'EOF'
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <math.h>
static float f(uint32_t u) { float x; memcpy(&x, &u, 4); return x; }
static uint32_t u(float x) { uint32_t v; memcpy(&v, &x, 4); return v; }
int main(void)
{
	volatile float a = f(0x3f800001), b = a, c = a, d = a, e = f(0xbf800002);

	printf("w 0x%x\nw 0x%x\nw 0x%x\ndone\n", u(a * b - c * d), u(a * b + e),
	       u(sqrtf(e + 3.0f)));
	return 0;
}
EOF
if cc -std=c11 -O2 -ffp-contract=off -fno-math-errno "$T/fp_host.c" -o "$T/fp_host" -lm >"$T/err" 2>&1 &&
	"$T/fp_host" >"$T/fp_want"; then
	expect_run "fp: a*b - c*d and a*b + e bit-exact vs host C without contraction" "$T/fp_want" \
		fp f 3f800001 3f800001 3f800001 3f800001 bf800002
	[ "$(grep -c '^w 0x0$' "$T/fp_want")" = 2 ] && ok "fp: the test values tell fused from unfused" ||
		notok "fp: the test values tell fused from unfused"
else
	notok "fp: host reference does not build"
fi

# ---- <math.h>: pe/libm.c, linked on demand ----
LIBM_D="-Dfmaf=pe_fmaf -Dsqrtf=pe_sqrtf -Dfabsf=pe_fabsf -Dcopysignf=pe_copysignf -Dfminf=pe_fminf
	-Dfmaxf=pe_fmaxf -Dfloorf=pe_floorf -Dceilf=pe_ceilf -Dtruncf=pe_truncf -Droundf=pe_roundf
	-Drintf=pe_rintf -Dexpf=pe_expf -Dlogf=pe_logf"
if cc -std=c11 -O2 -ffp-contract=off -fno-math-errno -Wall -Wextra -Werror -I"$TOP/pe/include" $LIBM_D \
	-c "$TOP/pe/libm.c" -o "$T/libm_host.o" >"$T/err" 2>&1 &&
	cc -std=c11 -O2 -ffp-contract=off -Wall -Wextra -Werror "$HERE/libm_test.c" "$T/libm_host.o" -lm \
	-o "$T/libm_test" >"$T/err" 2>&1; then
	check "libm: exact functions bit for bit, expf/logf < 1 ulp (every 257th float)" "$T/libm_test" 257
	sed 's/^/# /' "$T/err"
else
	notok "libm: pe/libm.c does not build for the host"
fi
layout "$T/p/lm.wse" "rectangle 1 1" "tile 0 0 $HERE/libm_prog.c" "export f fn(f32, f32)"
expect_ok "libm: a program calling fmaf, sqrtf, expf, logf, ... links" $F1 -o "$T/libm" "$T/p/lm.wse"
cat >"$T/libm_twin.c" <<'EOF'
#include <stdio.h>
#include <stdint.h>
#include <string.h>
float pe_fmaf(float, float, float), pe_sqrtf(float), pe_fabsf(float);
float pe_copysignf(float, float), pe_fminf(float, float), pe_fmaxf(float, float);
float pe_floorf(float), pe_ceilf(float), pe_truncf(float), pe_roundf(float);
float pe_rintf(float), pe_expf(float), pe_logf(float);
int main(void)
{
	float a = 2.75f, b = -0.5f + 0x1p-20f;
	const float r[] = {
		pe_fmaf(a, b, 1.0f), pe_sqrtf(a), pe_expf(a), pe_logf(a), pe_expf(-b),
		pe_logf(b), pe_floorf(-a), pe_ceilf(-a), pe_roundf(b), pe_truncf(-b),
		pe_rintf(b), pe_fminf(a, b), pe_fmaxf(a, b), pe_copysignf(a, -1.0f),
		pe_fabsf(-a),
	};
	for (unsigned int i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		uint32_t u;

		memcpy(&u, &r[i], 4);
		if ((u & 0x7fffffffu) > 0x7f800000u)
			u = 0x7fc00000u;	/* RISC-V: the canonical NaN */
		printf("w 0x%x\n", u);
	}
	printf("done\n");
	return 0;
}
EOF
if cc -std=c11 -O2 "$T/libm_twin.c" "$T/libm_host.o" -lm -o "$T/libm_twin" >"$T/err" 2>&1 &&
	"$T/libm_twin" >"$T/libm_want"; then
	expect_run "libm: on the PE bit-identical to the host build of pe/libm.c" "$T/libm_want" \
		libm f 40300000 beffffe0
else
	notok "libm: host twin does not build"
fi
"$NM" "$T/libm/pe_0.elf" | grep -q " T expf$" && ok "libm: linked when called" || notok "libm: linked when called"
"$NM" "$T/fp/pe_0.elf" | grep -q " T expf$" && notok "libm: not linked when not called" || ok "libm: not linked when not called"

# ---- f16: conversions, vector and scalar ops vs the host's _Float16 ----
layout "$T/p/h.wse" "rectangle 1 1" "tile 0 0 $HERE/f16_prog.c" "export f fn(f32, f32)"
expect_ok "f16: program builds" $F1 -o "$T/f16" "$T/p/h.wse"
cat >"$T/f16_host.c" <<'EOF'
#include <stdio.h>
#include <stdint.h>
#include <string.h>
typedef _Float16 h;
static unsigned int u(h v) { uint16_t x; memcpy(&x, &v, 2); return (x & 0x7fff) > 0x7c00 ? 0x7e00 : x; }
static h q(__float128 v) { return (h)v; }	/* one rounding */
int main(void)
{
	float x, y, t;
	uint32_t xb = 0x3e2aaaab, yb = 0xc0490fdb, tb;
	h a[4], b[4], s = (h)0.1f;
	int i;

	memcpy(&x, &xb, 4);
	memcpy(&y, &yb, 4);
	for (i = 0; i < 4; i++) {
		a[i] = (h)(x * (float)(i + 1));
		b[i] = (h)(y / (float)(i + 1));
	}
	for (i = 0; i < 4; i++) printf("w 0x%x\n", u(q((__float128)a[i] + b[i])));
	for (i = 0; i < 4; i++) printf("w 0x%x\n", u(q((__float128)a[i] * b[3])));
	for (i = 0; i < 4; i++) printf("w 0x%x\n", u(q((__float128)a[i] + (__float128)b[i] * s)));
	for (i = 0; i < 4; i++) printf("w 0x%x\n", u(q((__float128)a[i] - b[i])));
	printf("w 0x%x\n", u(q((__float128)a[0] + b[0])));
	printf("w 0x%x\n", u(q((__float128)a[1] * b[2])));
	printf("w 0x%x\n", u(q((__float128)a[2] / b[1])));
	printf("w 0x%x\n", u(q((__float128)a[3] - b[3])));
	t = (float)b[3];
	memcpy(&tb, &t, 4);
	printf("w 0x%x\ndone\n", tb);
	return 0;
}
EOF
if cc -O2 -ffp-contract=off "$T/f16_host.c" -o "$T/f16_host" >"$T/err" 2>&1 && "$T/f16_host" >"$T/f16_want"; then
	expect_run "f16: vector (memory, fabout) and scalar ops bit-exact vs binary16" "$T/f16_want" \
		f16 f 3e2aaaab c0490fdb
else
	notok "f16: host reference does not build"
fi

layout "$T/p/bi.wse" "rectangle 1 1" "tile 0 0 $HERE/builtins_prog.c" "export go fn()" "export check fn(u32)"
expect_ok "builtins: program builds" $F1 -o "$T/builtins" "$T/p/bi.wse"
printf '%s\n' "w 0x3f000000" "w 0x3f000000" "w 0x3f000000" "w 0x6" "w 0x7" "w 0xbeef" "w 0x77" done >"$T/bi_want"
expect_run "builtins: scalar move, DSD edits, memory->fabout length, .unblock" "$T/bi_want" builtins go
printf '%s\n' "w 0x1" done >"$T/bi_want"
expect_run "builtins: wse_assert that holds" "$T/bi_want" builtins check 1
if [ -n "$PE_RUN" ] && prog_run builtins check 2 >"$T/got" 2>&1 && grep -q "^fault 7 pc 0x" "$T/got" &&
	! grep -q "^w " "$T/got"; then
	ok "builtins: wse_assert that fails is an ebreak fault"
else
	sed 's/^/# got: /' "$T/got"; notok "builtins: wse_assert that fails is an ebreak fault"
fi

# ---- parameters: typed constants, no macros (PE-ABI section 9) ----
# every --params name of the public csl-examples commands*.sh (SDK 1.4.0),
# and the ones that broke pe.h as macros
PNAMES="BLOCK_SIZE BUCKET_SIZE C0_ID C1_ID C2_ID C3_ID C4_ID C5_ID C6_ID C7_ID C8_ID DIM FP
HIST_HEIGHT HIST_WIDTH INPUT_SIZE Kt LOCAL_IN_SZ LOCAL_OUT_SZ M MAX_ZDIM Mt N NUM_BUCKETS
NUM_PENCILS_PER_DIM Nt Nz P Ph Pw chunk_size dx height iterations iters kernel_cols kernel_rows
kernel_x_dim kernel_y_dim local_out_vec_sz local_vec_sz matrix_cols matrix_rows max_local_nnz
max_local_nnz_cols max_local_nnz_rows ncols nrows num_bits num_elems num_elems_to_process pcols
pe_length prows size sourceLength srcX srcY srcZ tile_size width x_dim y_dim y_pad_start_row_idx
zDim len color stride addr fabric queue task id fn"
PSPEC=MEMCPYH2D_DATA_1_ID:1,MEMCPYD2H_DATA_1_ID:2,MEMCPYH2D_DATA_2_ID:3
i=4
for p in $PNAMES; do PSPEC="$PSPEC,$p:$i"; i=$((i + 1)); done
# (a) a program that declares none of them, with locals of those names
{
	echo '#include <wse/pe.h>'
	echo 'float X[8];'
	echo 'WSE_EXPORT_SYMBOL(X, WSE_F32);'
	echo 'void compute(void) {'
	for p in $PNAMES; do echo "	int $p = 1; X[0] += (float)$p;"; done
	echo '	wse_fadds(wse_dsd_mem(X, 4, 1), wse_dsd_mem(X, 4, 1), wse_dsd_mem(X, 4, 1));'
	echo '	wse_send32(4, 1, wse_f32_bits(X[0]));'
	echo '	wse_unblock_cmd_stream();'
	echo '}'
	echo 'WSE_EXPORT_FN(compute);'
} >"$T/p/pn_none.c"
# (b) one that declares all of them and checks their values
{
	echo '#include <wse/pe.h>'
	echo 'WSE_PARAM(int16_t, MEMCPYH2D_DATA_2_ID);'
	echo '_Static_assert(MEMCPYH2D_DATA_2_ID == 3, "stream color");'
	i=4
	for p in $PNAMES; do
		echo "WSE_PARAM(int32_t, $p);"
		echo "_Static_assert($p == $i, \"$p\");"
		i=$((i + 1))
	done
	echo 'float X[len];'
	echo 'WSE_EXPORT_SYMBOL(X, WSE_F32);'
	echo 'void compute(void) { struct wse_dsd d = wse_dsd_mem(X, 2, 1); X[0] = (float)(d.len + d.stride); wse_unblock_cmd_stream(); }'
	echo 'WSE_EXPORT_FN(compute);'
} >"$T/p/pn_all.c"
PF="--arch=wse3 --fabric-dims=8,3 --fabric-offsets=4,1 --memcpy"
layout "$T/p/pn.wse" "rectangle 1 1" "tile 0 0 pn_none.c" "export X f32" "export compute fn()"
expect_ok "params: the public commands' names don't touch pe.h or locals" $PF "--params=$PSPEC" -o "$T/pn" "$T/p/pn.wse"
layout "$T/p/pn2.wse" "rectangle 1 1" "tile 0 0 pn_all.c" "export X f32" "export compute fn()"
expect_ok "params: the public commands' names as typed constants, right values" $PF "--params=$PSPEC" -o "$T/pn2" "$T/p/pn2.wse"
expect_fail "params: a declared parameter not given" "parameter MEMCPYH2D_DATA_2_ID not given" $PF -o "$T/pn2" "$T/p/pn2.wse"
layout "$T/p/pn3.wse" "rectangle 1 1" "tile 0 0 ok.c M=70000" "$EXPORTS"
expect_fail "params: a value that does not fit the type" "parameter M: the value does not fit int16_t" $F1 -o "$O" "$T/p/pn3.wse"

# tile values win over --params; a float parameter; module instances
cat >"$T/p/mod.h" <<'EOF'
#ifndef WSE_WITH_N
#define WSE_WITH_N 8
#endif
WSE_MODULE_PARAM(int16_t, N, WSE_WITH_N);
#undef WSE_WITH_N
static int WSE_MODULE_NAME(count)(void) { return WSE_MODULE_NAME(N); }
EOF
cat >"$T/p/pm.c" <<'EOF'
#include <wse/pe.h>
WSE_PARAM(int16_t, K);
WSE_PARAM(uint16_t, L, 7);
WSE_PARAM_F32(alpha, 0.5f);
#define WSE_MODULE small
#define WSE_WITH_N 4
#include "mod.h"
#undef WSE_MODULE
#define WSE_MODULE big
#include "mod.h"
#undef WSE_MODULE
_Static_assert(small_N == 4 && big_N == 8, "module instances");
_Static_assert(L == 7, "default");
uint32_t X[4];
WSE_EXPORT_SYMBOL(X, WSE_U32);
void compute(void)
{
	X[0] = (uint32_t)K; X[1] = (uint32_t)small_count(); X[2] = (uint32_t)big_count();
	X[3] = wse_f32_bits(alpha);
	wse_send32(2, 1, X[0]); wse_send32(2, 1, X[1]); wse_send32(2, 1, X[2]); wse_send32(2, 1, X[3]);
	wse_unblock_cmd_stream();
}
WSE_EXPORT_FN(compute);
EOF
layout "$T/p/pm.wse" "rectangle 1 1" "tile 0 0 pm.c K=9" "export X u32" "export compute fn()"
expect_ok "params: tile value, float, module instances build" $F1 --params=K:3,alpha:2.5 -o "$T/pm" "$T/p/pm.wse"
printf '%s\n' "w 0x9" "w 0x4" "w 0x8" "w 0x40200000" done >"$T/pm_want"
expect_run "params: tile K=9 beats --params K:3, alpha 2.5, instances N 4 and 8" "$T/pm_want" pm compute

# ---- every error of a layout in one run (up to 20), file:line and PE ----
set -- "rectangle 4 1" "tile 0..3 0 ok.c" "$EXPORTS"
for c in 1 2 3 4 5 6 7 8 9; do set -- "$@" "route $(( (c - 1) % 3 )) 0 $c rx=RAMP tx=EAST"; done
lay "$@" "route 3 0 10 rx=RAMP,WEST tx=WEST" "bogus line" "tile 5 0 ok.c"
"$WSECC" $F1 --fabric-dims=11,3 -o $O "$T/p/l.wse" >"$T/out" 2>"$T/err"
sed "s|$T/p/||g" "$T/err" >"$T/err2"
if [ "$(grep -c '^wse-cc: l.wse:[0-9]*: ' "$T/err2")" = 12 ] &&
	grep -q "^wse-cc: l.wse:5: route of color 1 at PE (0, 0): tx=EAST, but PE (1, 0) does not accept" "$T/err2" &&
	grep -q "^wse-cc: l.wse:13: route of color 9 at PE (2, 0): tx=EAST, but PE (3, 0) does not accept" "$T/err2" &&
	grep -q "^wse-cc: l.wse:14: route of color 10 at PE (3, 0): port WEST in both" "$T/err2" &&
	grep -q "^wse-cc: l.wse:15: unknown directive 'bogus'" "$T/err2" &&
	grep -q "^wse-cc: l.wse:16: x-range '5' outside the rectangle" "$T/err2" &&
	grep -q "^wse-cc: l.wse: 12 errors$" "$T/err2"; then
	ok "errors: all twelve of a layout in one run, each with line and PE"
else
	notok "errors: all twelve of a layout in one run, each with line and PE"
fi
set -- "rectangle 30 1" "tile 0..29 0 ok.c" "$EXPORTS"
for x in $(seq 0 24); do set -- "$@" "route $x 0 1 rx=RAMP tx=EAST"; done
lay "$@"
"$WSECC" $F1 --fabric-dims=37,3 -o $O "$T/p/l.wse" >"$T/out" 2>"$T/err"
if [ "$(grep -c 'does not accept color 1 from WEST' "$T/err")" = 20 ] && grep -q "too many errors (20), stopping" "$T/err"; then
	ok "errors: stop after 20"
else
	notok "errors: stop after 20"
fi
printf '#include <wse/pe.h>\nint x = ;\n' >"$T/p/bad1.c"
printf '#include <wse/pe.h>\nint y = ;\n' >"$T/p/bad2.c"
lay "rectangle 2 1" "tile 0 0 bad1.c" "tile 1 0 bad2.c"
expect_fail "errors: every image that does not compile" "tile 1 0 bad2.c (l.wse:3): compilation failed" $F1 --fabric-dims=9,3 -o $O "$T/p/l.wse"
grep -q "tile 0 0 bad1.c (l.wse:2): compilation failed" "$T/err2" && grep -q "l.wse: 2 errors" "$T/err2" &&
	ok "errors: both images named" || notok "errors: both images named"

# ---- the layout language: param, let, for, if, {EXPR} ----
lay "param W = 3               # --params=W:<n> overrides" \
	"param H = W - 1" \
	"rectangle {W} {H}" \
	"for y = 0 .. H - 1" \
	"	for x = 0 .. W - 1" \
	"		if x == 0 && y == 0" \
	"			tile {x} {y} ok.c M={W * 2}" \
	"		elif x % 2 == 1" \
	"			tile {x} {y} ok.c M={min(x + y, 2) + 4}" \
	"		else" \
	"			tile {x} {y} ok.c" \
	"		end" \
	"	end" \
	"end" \
	"$EXPORTS" \
	"let c = (2 + 3) * 2 - 7 / 2 % 2   # 9" \
	"for x = 0 .. W - 2 step 2" \
	"	route {x} 0..{H - 1} {c} rx=RAMP tx=EAST" \
	"	route {x + 1} 0..{H - 1} {x < 0 ? 1 : c > 8 ? c : 0} rx=WEST tx=RAMP" \
	"end"
expect_ok "layout language: params, loops, conditionals, expressions" $F1 --fabric-dims=10,4 -o "$T/ll" "$T/p/l.wse"
"$PY" - "$T/ll/out.json" >"$T/err" 2>&1 <<'EOF' && ok "layout language: the tiles and routes it computed" || notok "layout language: the tiles and routes it computed"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["rectangle"] == [3, 2], j["rectangle"]
# images: (0,0) M=6; odd x: M=min(x+y,2)+4 -> (1,0) 5, (1,1) 6 (the
# same image as (0,0)); the rest default
assert j["pe_map"] == [[0, 1, 2], [2, 0, 2]], j["pe_map"]
r = [(e["x"], e["y"], e["color"], e["rx"], e["tx"]) for e in j["routes"]]
assert r == [([0, 0, 1], [0, 1, 1], 9, 1, 4), ([1, 1, 1], [0, 1, 1], 9, 16, 1)], r
EOF
expect_ok "layout language: --params overrides a param" $F1 --fabric-dims=11,5 --params=W:4 -o "$T/ll" "$T/p/l.wse"
grep -q '"rectangle": \[ 4, 3 \]' "$T/ll/out.json" && ok "layout language: W=4 gives a 4x3 rectangle" ||
	notok "layout language: W=4 gives a 4x3 rectangle"
expect_fail "layout language: --params value not an integer" "l.wse:1: param W: --params=W:x is not an integer" $F1 --params=W:x -o $O "$T/p/l.wse"
lay "rectangle 2 1" "tile 0..{Q} 0 ok.c" "$EXPORTS"
expect_fail "layout language: unknown name" "l.wse:2: 'Q': unknown name at 'Q'" $F1 -o $O "$T/p/l.wse"
lay "let a = 4" "rectangle {a / (a - 4)} 1"
expect_fail "layout language: division by zero" "l.wse:2: 'a / (a - 4)': division by zero" $F1 -o $O "$T/p/l.wse"
lay "rectangle 2 1" "for x = 0 .. 1" "tile {x} 0 ok.c"
expect_fail "layout language: for without end" "l.wse:2: 'for' without 'end'" $F1 -o $O "$T/p/l.wse"
lay "rectangle 2 1" "else"
expect_fail "layout language: else without if" "l.wse:2: 'else' without 'if' or 'for'" $F1 -o $O "$T/p/l.wse"
lay "rectangle 2 1" "if 1" "else" "else" "end"
expect_fail "layout language: else after else" "l.wse:4: 'else' after 'else'" $F1 -o $O "$T/p/l.wse"
lay "rectangle 2 1" "tile {1 + 0..1 0 ok.c"
expect_fail "layout language: { without }" "l.wse:2: '{' without '}'" $F1 -o $O "$T/p/l.wse"
lay "for i = 0 .. 2000000" "end"
expect_fail "layout language: loops are bounded" "l.wse:1: for i = 0 .. 2000000: more than 1048576 turns" $F1 -o $O "$T/p/l.wse"
lay "let a = 9223372036854775807" "rectangle {a + 1} 1"
expect_fail "layout language: overflow" "integer overflow" $F1 -o $O "$T/p/l.wse"
for w in 1 5 13; do
	expect_ok "example: pipeline for W=$w (a loop)" --arch=wse3 --fabric-dims=$((w + 7)),3 --fabric-offsets=4,1 --memcpy \
		--params=W:$w,MEMCPYH2D_DATA_1_ID:1,MEMCPYD2H_DATA_1_ID:2 -o "$T/pw$w" "$TOP/examples/pipeline/layout.wse"
done
[ "$(ls "$T/pw13"/pe_*.elf | wc -l)" = 13 ] && ok "example: pipeline W=13 has 13 images" || notok "example: pipeline W=13 has 13 images"

# ---- exports ----
lay "rectangle 1 1" "tile 0 0 ok.c" "$EXPORTS" "export B f32"
expect_fail "exports: missing" "tile 0 0 ok.c (l.wse:2): does not export 'B' (f32, l.wse:5)" $F1 -o $O "$T/p/l.wse"
lay "rectangle 1 1" "tile 0 0 ok.c" "export A i32" "export compute fn(f32, i32)"
expect_fail "exports: data type mismatch" "exports 'A' as f32, but l.wse:3 says i32" $F1 -o $O "$T/p/l.wse"
lay "rectangle 1 1" "tile 0 0 ok.c" "export A f32" "export compute fn(f32)"
expect_fail "exports: function type mismatch" "exports 'compute' as fn(f32, i32), but l.wse:4 says fn(f32)" $F1 -o $O "$T/p/l.wse"
lay "rectangle 1 1" "tile 0 0 ok.c" "export A f32"
expect_fail "exports: unlisted" "exports 'compute', which" $F1 -o $O "$T/p/l.wse"
lay "rectangle 1 1" "tile 0 0 ok.c" "export A fn(f32, i32)" "export compute fn(f32, i32)"
expect_fail "exports: data exported as function" "exports 'A' as f32, but l.wse:3 says fn(f32, i32)" $F1 -o $O "$T/p/l.wse"
cat >"$T/p/badfn.c" <<'EOF'
#include <wse/pe.h>
void compute(float a) { (void)a; }
WSE_EXPORT_FN(compute, WSE_I32);
EOF
layout "$T/p/badfn.wse" "rectangle 1 1" "tile 0 0 badfn.c" "export compute fn(i32)"
expect_fail "pe.h: WSE_EXPORT_FN type check" "compilation failed" $F1 -o $O "$T/p/badfn.wse"
grep -q "does not match the listed argument types" "$T/err" && ok "pe.h: type check message" || notok "pe.h: type check message"

# ---- too big ----
cat >"$T/p/big.c" <<'EOF'
#include <wse/pe.h>
float big[11776];	/* 46 KiB: leaves no room under the stack */
WSE_EXPORT_SYMBOL(big, WSE_F32);
EOF
layout "$T/p/big.wse" "rectangle 1 1" "tile 0 0 big.c" "export big f32"
expect_fail "too big for 48 KiB" "tile 0 0 big.c (big.wse:2): the program does not fit" $F1 -o $O "$T/p/big.wse"
sed -i 's/11776/11000/' "$T/p/big.c"
expect_ok   "43 KiB array fits" $F1 -o $O "$T/p/big.wse"

# ---- pe.h compiles with strict flags ----
check "pe.h: -std=c11 -pedantic -Wall -Wextra -Werror" \
	clang --target=riscv32 -march=rv32imf -mabi=ilp32f -ffreestanding -nostdlib -mno-relax \
	-O2 -std=c11 -pedantic -Wall -Wextra -Werror -I"$TOP/include" -c "$HERE/api.c" -o "$T/api.o"
layout "$T/p/api.wse" "rectangle 1 1" "tile 0 0 $HERE/api.c" "export A f32" "export H i16" \
	"export U u32" "export f6 fn(f32, i32, u32, i16, u16, f16)" \
	"export f15 fn(i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, f32)"
expect_ok "api: every pe.h feature builds (absolute source path)" $F1 -o "$T/api" "$T/p/api.wse"

# ---- a 2x2 bundle with two distinct images ----
cat >"$T/p/top.c" <<'EOF'
#include <wse/pe.h>
WSE_PARAM(int16_t, M);
float A[M];
float b[M];
WSE_EXPORT_SYMBOL(A, WSE_F32);
WSE_EXPORT_SYMBOL(b, WSE_F32);
void compute(float alpha, int32_t n) { A[0] = alpha + (float)n; wse_unblock_cmd_stream(); }
WSE_EXPORT_FN(compute, WSE_F32, WSE_I32);
void zap(uint16_t h) { b[0] = h; wse_unblock_cmd_stream(); }
WSE_EXPORT_FN(zap, WSE_U16);
EOF
cat >"$T/p/bottom.c" <<'EOF'
#include <wse/pe.h>
WSE_PARAM(int16_t, M);
static float pad[7];
float b[2 * M];
float A[M];
WSE_EXPORT_SYMBOL(b, WSE_F32);
WSE_EXPORT_SYMBOL(A, WSE_F32);
void zap(uint16_t h) { pad[h & 3] = 1; wse_unblock_cmd_stream(); }
WSE_EXPORT_FN(zap, WSE_U16);
void compute(float alpha, int32_t n) { b[1] = alpha - (float)n; pad[0] = 0; wse_unblock_cmd_stream(); }
WSE_EXPORT_FN(compute, WSE_F32, WSE_I32);
EOF
layout "$T/p/b22.wse" "# two images, three tile lines" "rectangle 2 2" \
	"tile 0 0 top.c M=4" "tile 1 0 top.c   M=4   # identical: same image" \
	"tile 0..1 1 bottom.c M=4" "export zap fn(u16)" "export b f32" \
	"export compute fn(f32, i32)" "export A f32"
B=$T/bundle
expect_ok "bundle: 2x2 build" -v --arch=wse3 --fabric-dims=11,6 --fabric-offsets=4,1 --memcpy \
	--channels=2 --params=N:6,MEMCPYH2D_DATA_1_ID:1 -o "$B" "$T/p/b22.wse"
grep -q "ld.lld -T" "$T/err" && ok "bundle: -v prints the commands" || notok "bundle: -v prints the commands"
[ "$(cd "$B" && ls | tr '\n' ' ')" = "out.json pe_0.elf pe_1.elf " ] &&
	ok "bundle: identical tiles share one ELF (2 images)" || notok "bundle: identical tiles share one ELF (2 images)"
check "bundle: out.json content" "$PY" - "$B/out.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
want = {
    "format": 1, "arch": "wse3", "fabric_dims": [11, 6], "fabric_offsets": [4, 1],
    "rectangle": [2, 2], "memcpy": True, "channels": 2, "width_west_buf": 0,
    "width_east_buf": 0, "params": {"N": "6", "MEMCPYH2D_DATA_1_ID": "1"},
    "images": ["pe_0.elf", "pe_1.elf"], "pe_map": [[0, 0], [1, 1]],
    "symbols": [{"name": "A", "type": "f32"}, {"name": "b", "type": "f32"}],
    "functions": [{"name": "compute", "args": ["f32", "i32"]},
                  {"name": "zap", "args": ["u16"]}],
    "colors": {"MEMCPYH2D_DATA_1_ID": 1},
    "routes": [{"x": [0, 1, 1], "y": [0, 1, 1], "color": 1, "rx": 32, "tx": 1}],
}
for k, v in want.items():
    if j.get(k) != v:
        sys.exit("%s: %r != %r" % (k, j.get(k), v))
if sorted(j) != sorted(want):
    sys.exit("keys: %r" % sorted(j))
EOF

# .wse.exports vs llvm-nm / llvm-readelf, for both images and the api image
check_elf() { # ELF
	"$OBJCOPY" --dump-section .wse.exports="$T/exp.bin" "$1" "$T/copy.elf" &&
	"$NM" -S "$1" >"$T/nm.txt" && "$READELF" -S -h "$1" >"$T/re.txt" &&
	"$PY" - "$T/exp.bin" "$T/nm.txt" "$T/re.txt" <<'EOF'
import struct, sys, re
data = open(sys.argv[1], "rb").read()
nm = {}
for l in open(sys.argv[2]):
    f = l.split()
    if len(f) == 4:
        nm[f[3]] = (int(f[0], 16), int(f[1], 16))
    elif len(f) == 3:
        nm[f[2]] = (int(f[0], 16), None)
re_txt = open(sys.argv[3]).read()
assert len(data) % 64 == 0 and data, "size %d" % len(data)
for off in range(0, len(data), 64):
    r = data[off:off + 64]
    name = r[:40].split(b"\0")[0].decode()
    kind, addr, size = struct.unpack_from("<III", r, 40)
    if kind == 1:
        assert nm[name] == (addr, size), "%s: nm %r, record 0x%x/%d" % (name, nm[name], addr, size)
    else:
        assert kind == 2 and size == 0
        assert nm["__wse_tramp_" + name][0] == addr, "%s: trampoline 0x%x vs 0x%x" % (name, nm["__wse_tramp_" + name][0], addr)
# not loaded: no A (alloc) flag on the export/resource sections
for s in (".wse.exports", ".wse.resources"):
    for l in re_txt.splitlines():
        if s + " " in l:
            assert not re.search(r"\s[WAX]+\s+\d+\s+\d+\s+\d+\s*$", l), l
assert re.search(r"Entry point address:\s+0x0\b", re_txt), "entry"
assert nm["_start"][0] == 0, "_start at 0"
assert nm["__stack_top"][0] == 0xC000
EOF
}
check "elf: pe_0 .wse.exports match llvm-nm addresses, not loaded" check_elf "$B/pe_0.elf"
check "elf: pe_1 .wse.exports match llvm-nm addresses, not loaded" check_elf "$B/pe_1.elf"
check "elf: api .wse.exports match llvm-nm addresses" check_elf "$T/api/pe_0.elf"
check "elf: api argument type nibbles (f6, f15)" "$PY" - "$T/api/pe_0.elf" "$OBJCOPY" "$T" <<'EOF'
import struct, subprocess, sys
subprocess.check_call([sys.argv[2], "--dump-section", ".wse.exports=" + sys.argv[3] + "/e.bin",
                       sys.argv[1], sys.argv[3] + "/c.elf"])
data = open(sys.argv[3] + "/e.bin", "rb").read()
recs = {}
for off in range(0, len(data), 64):
    r = data[off:off + 64]
    name = r[:40].split(b"\0")[0].decode()
    argc = r[53]
    args = [(r[54 + i // 2] >> (4 * (i % 2))) & 15 for i in range(argc)]
    recs[name] = (struct.unpack_from("<I", r, 40)[0], r[52], argc, args, struct.unpack_from("<I", r, 48)[0])
assert recs["f6"][2:4] == (6, [1, 2, 3, 4, 5, 6]), recs["f6"]
assert recs["f15"][2:4] == (15, [2] * 14 + [1]), recs["f15"]
assert recs["H"][1] == 4 and recs["H"][4] == 8, recs["H"]
assert recs["U"][1] == 3 and recs["U"][4] == 4, recs["U"]
EOF
check "elf: PT_LOAD segments inside 0..0xB800" "$PY" -c '
import subprocess, sys
out = subprocess.check_output([sys.argv[1], "-lW", sys.argv[2]], text=True)
loads = [l.split() for l in out.splitlines() if l.strip().startswith("LOAD")]
assert loads
for f in loads:
    assert int(f[2], 16) + int(f[5], 16) <= 0xB800, f
' "$READELF" "$B/pe_1.elf"

# distinct defines make distinct images; examples build
layout "$T/p/d.wse" "rectangle 2 1" "tile 0 0 top.c M=4" "tile 1 0 top.c M=5" \
	"export zap fn(u16)" "export b f32" "export compute fn(f32, i32)" "export A f32"
expect_ok "bundle: different defines, different images" --arch=wse2 --fabric-dims=9,3 --fabric-offsets=4,1 --memcpy -o "$T/d" "$T/p/d.wse"
grep -q '"pe_map": \[ \[ 0, 1 \] \]' "$T/d/out.json" && ok "bundle: pe_map [[0, 1]]" || notok "bundle: pe_map [[0, 1]]"
expect_ok "example: gemv" --arch=wse3 --fabric-dims=8,3 --fabric-offsets=4,1 --memcpy --channels=1 --params=M:4,N:6 -o "$T/ex1" "$TOP/examples/gemv/layout.wse"
expect_ok "example: gemv-tiled" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy --channels=1 --params=MT:4,NT:3 -o "$T/ex2" "$TOP/examples/gemv-tiled/layout.wse"
expect_ok "example: residual" --arch=wse3 --fabric-dims=9,4 --fabric-offsets=4,1 --memcpy --channels=1 --params=MT:4,N:6 -o "$T/ex3" "$TOP/examples/residual/layout.wse"

echo "1..$n"
echo "# $((n - fails)) passed, $fails failed"
[ $fails -eq 0 ]

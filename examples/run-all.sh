#!/bin/sh
# Runs every example in the VM (make demo): the low-level wse-hello, then the
# SdkRuntime programs with their bundles, then the Python ports.  Stops at
# the first failure.
set -e
cd "$(dirname "$0")"
echo "== wse-hello"
./wse-hello
for e in gemv gemv-tiled residual loopback pipeline combine16 life; do
	echo "== $e"
	"./$e/host" "./$e/bundle"
done
# the ports of public SDK examples: Python host scripts, through the
# compatibility path (needs the initramfs' python3, tools/vm/mkinitramfs)
for e in bandwidth rowcol-bcast stream-scale16 gemv-chain gemv-streaming \
	 gemv-checkerboard sentinels; do
	echo "== $e (python)"
	(cd "$e" && PYTHONPATH=/python:/python/compat python3 run.py --name bundle)
done
echo "demo: all examples passed"

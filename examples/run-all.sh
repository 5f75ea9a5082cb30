#!/bin/sh
# Runs every example in the VM (make demo): the low-level wse-hello, then the
# SdkRuntime programs with their bundles.  Stops at the first failure.
set -e
cd "$(dirname "$0")"
echo "== wse-hello"
./wse-hello
for e in gemv gemv-tiled residual loopback pipeline combine16 life; do
	echo "== $e"
	"./$e/host" "./$e/bundle"
done
echo "demo: all examples passed"

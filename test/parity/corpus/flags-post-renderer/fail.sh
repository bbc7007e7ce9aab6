#!/bin/sh
cat >/dev/null
echo "it broke" >&2
exit 3

#!/bin/sh
# A post-renderer: its arguments, then the manifests with ConfigMap renamed.
echo "# args: $*"
sed s/ConfigMap/Renamed/

#!/bin/bash
cat <<EOF
docker run --privileged x
EOF
sudo -E docker -H x container create --user=0 -- img
bash -c "sh -c 'docker run --pid=host y'"
docker run "unterminated

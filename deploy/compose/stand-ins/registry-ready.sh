#!/bin/bash
# The schema registry's readiness, from inside its container: 200 from the management
# interface's /health/ready on 127.0.0.1:9000 (bash's /dev/tcp: the image has no HTTP client).
exec 3<>/dev/tcp/127.0.0.1/9000 || exit 1
printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
read -r -t 3 status <&3 || exit 1
[[ $status == HTTP/1.?" 200"* ]]

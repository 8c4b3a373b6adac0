#!/usr/bin/env bash
# Health check of todo-dapr-local/kafka (`kafka-ready`, no JVM): sends a Kafka ApiVersions
# request (v0) to the first listener of KAFKA_LISTENERS on 127.0.0.1 and expects an answer
# with the same correlation id and error code 0. An open port is not enough: the broker binds
# it before it handles requests.
set -euo pipefail
first=${KAFKA_LISTENERS:-PLAINTEXT://0.0.0.0:9092}
first=${first%%,*}
exec 3<>"/dev/tcp/127.0.0.1/${first##*:}"
# length 12 | api key 18 (ApiVersions) | version 0 | correlation id 7 | client id "hc"
printf '\x00\x00\x00\x0c\x00\x12\x00\x00\x00\x00\x00\x07\x00\x02hc' >&3
# length (4 bytes) | correlation id (4) | error code (2)
answer=$(timeout 4 head -c 10 <&3 | od -An -tx1 | tr -d ' \n')
[ "${answer:8:12}" = 000000070000 ]

# The one stand-in that is not the same software: Apache Kafka 4.4.0 (single-node KRaft, broker
# and controller in one JVM) in place of redpandadata/redpanda:v25.1.1, built by
# scripts/compose/images.mjs from the jars scripts/kafka/install.mjs downloads.
# Clients connect to kafka:9092 (see kafka-entrypoint.sh for KAFKA_ADVERTISED and
# KAFKA_LISTENERS); data in the volume /var/lib/kafka/data; runs as kafka (1000:1000).
FROM todo-dapr-local/debian:bookworm
ARG KAFKA_VERSION
LABEL org.opencontainers.image.description="Stand-in for redpandadata/redpanda:v25.1.1: Apache Kafka ${KAFKA_VERSION}, single-node KRaft, on OpenJDK 17"

# The JRE's postinst links man pages, which the base image leaves out: give it the folder.
RUN mkdir -p /usr/share/man/man1 \
  && apt-get update \
  && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 1000 kafka \
  && useradd --system --uid 1000 --gid kafka --home-dir /var/lib/kafka --no-create-home --shell /usr/sbin/nologin kafka \
  && mkdir -p /var/lib/kafka/data \
  && chown -R kafka:kafka /var/lib/kafka

COPY libs/ /opt/kafka/libs/
COPY log4j2-broker.properties log4j2-tools.properties /opt/kafka/config/
COPY kafka-entrypoint.sh /usr/local/bin/kafka-entrypoint.sh
COPY kafka-ready.sh /usr/local/bin/kafka-ready
RUN chmod 755 /usr/local/bin/kafka-entrypoint.sh /usr/local/bin/kafka-ready \
  && test -f "/opt/kafka/libs/kafka_2.13-$KAFKA_VERSION.jar"

ENV KAFKA_VERSION=${KAFKA_VERSION} \
    KAFKA_ADVERTISED=kafka:9092 \
    KAFKA_HEAP_OPTS="-Xms128m -Xmx512m"
VOLUME /var/lib/kafka/data
USER 1000:1000
WORKDIR /var/lib/kafka
EXPOSE 9092
# Healthy once the broker answers a Kafka ApiVersions request (kafka-ready: bash, no JVM).
HEALTHCHECK --interval=5s --timeout=5s --start-period=60s --retries=3 CMD ["kafka-ready"]
ENTRYPOINT ["kafka-entrypoint.sh"]

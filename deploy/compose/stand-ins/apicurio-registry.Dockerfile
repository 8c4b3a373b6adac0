# todo-dapr-local/apicurio-registry: Apicurio Registry ${APICURIO_VERSION} (its Quarkus app from
# Maven Central, io.apicurio:apicurio-registry-app:<version>:tar.gz:all) on a Java runtime that
# jlink cut from the JDK >= 21 on this machine, built by scripts/compose/images.mjs. The schema
# registry of the local Kubernetes cluster (deploy/k8s/overlays/dev), and in compose the
# stand-in for Redpanda's built-in one (the Kafka stand-in has none): the same Confluent API,
# under /apis/ccompat/v7. In-memory storage (H2): the subjects last as long as the process.
# HTTP on 8080; the management interface (health, metrics) on 127.0.0.1:9000 only, which
# registry-ready reads from inside the container. Runs as 1001:1001, read-only root apart
# from /tmp (Vert.x's file cache).
FROM todo-dapr-local/debian:bookworm
ARG APICURIO_VERSION
LABEL org.opencontainers.image.description="Apicurio Registry ${APICURIO_VERSION} (in-memory) on a jlink runtime"
COPY java/ /opt/java/
COPY app/ /opt/apicurio/
COPY registry-ready.sh /usr/local/bin/registry-ready
RUN chmod 755 /usr/local/bin/registry-ready \
  && test -f /opt/apicurio/quarkus-run.jar \
  && /opt/java/bin/java -version
ENV JAVA_HOME=/opt/java \
    APICURIO_VERSION=${APICURIO_VERSION} \
    JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
USER 1001:1001
WORKDIR /opt/apicurio
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=3s --start-period=60s --retries=3 CMD ["registry-ready"]
# exec: java is PID 1 and gets the stop signal. JAVA_OPTS from the environment; the flags after
# it pin what the image promises (ports, the management interface on loopback).
ENTRYPOINT ["bash", "-c", "exec /opt/java/bin/java $JAVA_OPTS -Dquarkus.http.host=0.0.0.0 -Dquarkus.http.port=8080 -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=9000 -jar /opt/apicurio/quarkus-run.jar"]

# Stand-in for daprio/sentry:1.18.2, built by scripts/compose/images.mjs without a container
# registry: the sentry that scripts/dapr/dapr.mjs builds from the Dapr Go module, at /sentry,
# run as 65532:65532 with the empty home /home/nonroot of the official distroless image
# (compose keeps sentry's credentials in a volume there).
FROM todo-dapr-local/debian:bookworm
ARG DAPR_VERSION
LABEL org.opencontainers.image.description="Stand-in for daprio/sentry:${DAPR_VERSION}: sentry ${DAPR_VERSION} built from the Dapr Go module"

RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --gid 65532 nonroot \
  && useradd --uid 65532 --gid nonroot --home-dir /home/nonroot --no-create-home --shell /usr/sbin/nologin nonroot \
  && mkdir -p /home/nonroot \
  && chown 65532:65532 /home/nonroot

COPY sentry /sentry
# Its mode comes from the build context: a chmod here would store the file twice.
RUN test -x /sentry && test -n "$DAPR_VERSION"
WORKDIR /
USER 65532:65532
# No entrypoint, as in the official image: compose gives the whole command (/sentry …).
CMD ["/sentry"]

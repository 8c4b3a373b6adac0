# Stand-in for daprio/daprd:1.18.2, built by scripts/compose/images.mjs without a container
# registry: the daprd that scripts/dapr/dapr.mjs builds from the Dapr Go module, at /daprd, run
# as 65532:65532 from / like the official distroless image (do not rely on the shell here).
FROM todo-dapr-local/debian:bookworm
ARG DAPR_VERSION
LABEL org.opencontainers.image.description="Stand-in for daprio/daprd:${DAPR_VERSION}: daprd ${DAPR_VERSION} built from the Dapr Go module"

RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --gid 65532 nonroot \
  && useradd --uid 65532 --gid nonroot --home-dir /home/nonroot --no-create-home --shell /usr/sbin/nologin nonroot \
  && mkdir -p /home/nonroot \
  && chown 65532:65532 /home/nonroot

COPY daprd /daprd
# Its mode comes from the build context: a chmod here would store the 200+ MB file twice.
RUN test "$(/daprd --version)" = "$DAPR_VERSION"
WORKDIR /
USER 65532:65532
# No entrypoint, as in the official image: compose gives /daprd (or ./daprd) itself.
CMD ["/daprd"]

# Stand-in for axllent/mailpit:v1.33.1, built by scripts/compose/images.mjs without a container
# registry: Mailpit built on the host from its Go module (web UI included), as a static binary.
# SMTP on 1025, web UI and API on 8025, POP3 on 1110, as in the official image; not root.
FROM todo-dapr-local/debian:bookworm
ARG MAILPIT_VERSION
LABEL org.opencontainers.image.description="Stand-in for axllent/mailpit:${MAILPIT_VERSION}: Mailpit ${MAILPIT_VERSION} built from its Go module"

RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates tzdata \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --system --gid 1000 mailpit \
  && useradd --system --uid 1000 --gid mailpit --home-dir /data --no-create-home --shell /usr/sbin/nologin mailpit \
  && mkdir -p /data \
  && chown mailpit:mailpit /data

COPY mailpit /mailpit
# Its mode comes from the build context: a chmod here would store the file twice.
RUN test -x /mailpit \
  && ln -sf /mailpit /usr/sbin/sendmail \
  && ln -sf /mailpit /usr/local/bin/sendmail \
  && test -n "$MAILPIT_VERSION"

# Messages live in a temporary database unless MP_DATABASE names a file (e.g. /data/mailpit.db).
WORKDIR /data
USER 1000:1000
EXPOSE 1025/tcp 1110/tcp 8025/tcp
HEALTHCHECK --interval=15s --timeout=5s --start-period=10s CMD ["/mailpit", "readyz"]
ENTRYPOINT ["/mailpit"]

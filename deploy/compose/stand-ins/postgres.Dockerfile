# Stand-in for postgres:15.20-bookworm, built by scripts/compose/images.mjs without a container
# registry: Debian's postgresql-15 with the official image's environment contract
# (POSTGRES_DB, POSTGRES_USER, POSTGRES_PASSWORD, PGDATA=/var/lib/postgresql/data).
FROM todo-dapr-local/debian:bookworm
ARG POSTGRES_VERSION
ARG POSTGRES_MAJOR
LABEL org.opencontainers.image.description="Stand-in for postgres:${POSTGRES_VERSION}-bookworm: Debian's postgresql-${POSTGRES_MAJOR} ${POSTGRES_VERSION} with the official image's POSTGRES_* environment contract"

# The official image's ids, so that a data volume works with either image.
RUN groupadd --system --gid 999 postgres \
  && useradd --system --uid 999 --gid postgres --home-dir /var/lib/postgresql --shell /bin/bash postgres \
  && mkdir -p /var/lib/postgresql \
  && chown postgres:postgres /var/lib/postgresql

RUN set -eux; \
  test -n "$POSTGRES_VERSION" && test -n "$POSTGRES_MAJOR"; \
  apt-get update; \
  apt-get install -y --no-install-recommends locales postgresql-common; \
  # Like the official image: no "main" cluster from the package; the entrypoint makes one.
  sed -ri 's/#(create_main_cluster) .*$/\1 = false/' /etc/postgresql-common/createcluster.conf; \
  apt-get install -y --no-install-recommends "postgresql-$POSTGRES_MAJOR"; \
  rm -rf /var/lib/apt/lists/*; \
  installed="$(dpkg-query -W -f '${Version}' "postgresql-$POSTGRES_MAJOR")"; \
  case "$installed" in \
    "$POSTGRES_VERSION"-*) ;; \
    *) echo "Debian's postgresql-$POSTGRES_MAJOR is now $installed, not $POSTGRES_VERSION: update POSTGRES_VERSION in scripts/compose/images.mjs and the image tag in docker-compose.yml" >&2; exit 1 ;; \
  esac; \
  localedef -i en_US -c -f UTF-8 en_US.UTF-8; \
  # initdb copies this sample: listen on every interface of the container.
  sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" "/usr/share/postgresql/$POSTGRES_MAJOR/postgresql.conf.sample"; \
  grep -F "listen_addresses = '*'" "/usr/share/postgresql/$POSTGRES_MAJOR/postgresql.conf.sample"; \
  mkdir -p /var/run/postgresql /var/lib/postgresql/data /docker-entrypoint-initdb.d; \
  chown postgres:postgres /var/run/postgresql /var/lib/postgresql/data; \
  chmod 3777 /var/run/postgresql; \
  chmod 700 /var/lib/postgresql/data

ENV PATH=$PATH:/usr/lib/postgresql/${POSTGRES_MAJOR}/bin \
    PGDATA=/var/lib/postgresql/data \
    LANG=en_US.utf8
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
USER 999:999
ENTRYPOINT ["docker-entrypoint.sh"]
# Fast shutdown, as in the official image.
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]

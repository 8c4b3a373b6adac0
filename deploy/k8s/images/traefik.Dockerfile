# todo-dapr-local/traefik: the local cluster's ingress controller, built by
# scripts/k8s/images.mjs from the Traefik that scripts/k8s/traefik-build.mjs builds. As
# Traefik's own image (an entrypoint /traefik, port 80), but on the static base, not Alpine,
# and not root: 65532, as its Helm chart runs it (so it listens above 1024, e.g. 8000).
FROM todo-dapr-local/static-debian12:nonroot
ARG TRAEFIK_VERSION
LABEL org.opencontainers.image.description="Traefik ${TRAEFIK_VERSION} built from its Go module"
COPY traefik /traefik
WORKDIR /
USER 65532:65532
EXPOSE 80
ENTRYPOINT ["/traefik"]

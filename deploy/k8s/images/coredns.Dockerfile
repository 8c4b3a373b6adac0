# todo-dapr-local/coredns: the cluster DNS, built by scripts/k8s/images.mjs from the CoreDNS
# that scripts/k8s/tools.mjs builds: the binary alone. It runs as root, as the image has no
# file capability to bind port 53 otherwise: its Deployment drops every capability but
# NET_BIND_SERVICE, as Kubernetes' own CoreDNS manifest does.
FROM scratch
ARG COREDNS_VERSION
LABEL org.opencontainers.image.description="CoreDNS ${COREDNS_VERSION} built from its Go module"
COPY coredns /coredns
EXPOSE 53 53/udp
ENTRYPOINT ["/coredns"]

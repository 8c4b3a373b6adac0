# todo-dapr-local/pause: the pod sandbox image that the local cluster's containerd names as its
# sandbox_image, built by scripts/k8s/images.mjs from scripts/k8s/pause/main.go. As
# registry.k8s.io/pause: the static program alone, as user and group 65535.
FROM scratch
ARG PAUSE_VERSION
LABEL org.opencontainers.image.description="The pod sandbox program ${PAUSE_VERSION} of scripts/k8s/pause"
COPY pause /pause
USER 65535:65535
ENTRYPOINT ["/pause"]

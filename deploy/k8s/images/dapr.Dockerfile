# todo-dapr-local/dapr: one image for every Dapr container of the local cluster, built by
# scripts/k8s/images.mjs from the binaries scripts/dapr/dapr.mjs builds. What Dapr's Helm chart
# (charts/dapr of dapr/dapr) and its injector expect of its images:
# - the binaries at /daprd, /sentry, /operator and /injector: the chart's deployments run
#   `/operator`, `/sentry` and `/injector` as their command, and the injector gives every
#   sidecar the command `/daprd` (pkg/injector/patcher/sidecar_container.go);
# - a numeric user: every container has runAsNonRoot and no runAsUser, which the kubelet can
#   only check on a numeric USER; 65532, as in Dapr's release images (distroless nonroot);
# - a read-only root file system (readOnlyRootFilesystem everywhere): the operator gets its
#   /tmp from an emptyDir, sentry its certificates from a secret, the sidecars theirs from
#   sentry; the static base brings CA certificates for components that dial TLS.
# No /placement or /scheduler: install the chart with global.actors.enabled=false and
# global.scheduler.enabled=false (both default to true), or their pods find no binary.
FROM todo-dapr-local/static-debian12:nonroot
ARG DAPR_VERSION
LABEL org.opencontainers.image.description="Dapr ${DAPR_VERSION}: daprd, sentry, operator and injector, built from the Dapr Go module"
# Their modes come from the build context.
COPY daprd sentry operator injector /
WORKDIR /
USER 65532:65532
# No entrypoint, as in Dapr's images: the chart and the injector give the whole command.

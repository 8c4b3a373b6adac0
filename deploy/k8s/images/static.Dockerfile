# Stand-in for gcr.io/distroless/static-debian12:nonroot, the base of Dapr's release images
# (docker/Dockerfile in dapr/dapr), built by scripts/k8s/images.mjs without a container
# registry. As there: no shell and no package manager, only Debian's CA certificates and time
# zones, /etc/passwd and /etc/group with root and nonroot (65532), a /tmp for everyone and
# nonroot's empty home.
FROM todo-dapr-local/debian:bookworm AS files
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates tzdata \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /static/etc/ssl/certs /static/usr/share /static/tmp /static/home /home-nonroot \
  && cp /etc/ssl/certs/ca-certificates.crt /static/etc/ssl/certs/ \
  && cp -a /usr/share/zoneinfo /static/usr/share/ \
  && printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > /static/etc/passwd \
  && printf 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n' > /static/etc/group \
  && printf 'hosts: files dns\n' > /static/etc/nsswitch.conf \
  && chmod 1777 /static/tmp

FROM scratch
LABEL org.opencontainers.image.description="Stand-in for gcr.io/distroless/static-debian12:nonroot: CA certificates, time zones and the nonroot user of Debian bookworm"
# The classic builder's COPY makes what it copies root's, unless --chown says otherwise.
COPY --from=files /static/ /
COPY --from=files --chown=65532:65532 /home-nonroot /home/nonroot
WORKDIR /
USER 65532:65532

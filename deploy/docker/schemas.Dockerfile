# todo-dapr/schemas: registers the released event schemas (schemas/<subject>/v<N>.avsc) with a
# schema registry, then exits: compose's one-shot service `schemas` and the register-schemas
# init container of the Kubernetes publishers. The registry is SCHEMA_REGISTRY_URL (the
# Confluent API's base). scripts/schemas/schemas.mjs needs Node.js alone, no npm package, and
# of scripts/lib only console.mjs and paths.mjs (which finds schemas/ from the script's place).
#   docker build -f deploy/docker/schemas.Dockerfile -t todo-dapr/schemas .
ARG NODE_IMAGE=node:20.20.2-bookworm-slim
FROM ${NODE_IMAGE}
WORKDIR /app
COPY scripts/lib/console.mjs scripts/lib/paths.mjs scripts/lib/
COPY scripts/schemas/ scripts/schemas/
COPY schemas/ schemas/
USER 1000:1000
CMD ["sh", "-c", "exec node scripts/schemas/schemas.mjs register --registry=\"$SCHEMA_REGISTRY_URL\""]

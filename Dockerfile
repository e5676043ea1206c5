# syntax=docker/dockerfile:1
# One image for the three workers (ingest by default; the query and maintenance workers by overriding
# the command: `node workers/query/dist/main.js`, `node workers/maintenance/dist/main.js`). Build from
# the repository root: `docker build -t rireki .`
#
# The base image is the Node 24 LTS line, pinned to the exact release that package.json's `node`
# devDependency runs the tests on. Its @sha256 digest could not be looked up where this file was
# written (no container registry access): before the first production build, pin it as
# node:24.21.0-bookworm-slim@sha256:<digest> from `docker buildx imagetools inspect`.

FROM node:24.21.0-bookworm-slim AS build
WORKDIR /app
# Manifests first, so the dependency layer is rebuilt only when they change. Only the packages the
# three workers need: npm installs the workspaces that are present and skips the others.
COPY package.json package-lock.json .npmrc ./
COPY shared/contracts/package.json shared/contracts/
COPY shared/ports/package.json shared/ports/
COPY shared/adapters/package.json shared/adapters/
COPY workers/ingest/package.json workers/ingest/
COPY workers/query/package.json workers/query/
COPY workers/maintenance/package.json workers/maintenance/
# --ignore-scripts also skips the `node` devDependency's download: the image brings its own Node.
RUN npm ci --ignore-scripts
COPY tsconfig.json turbo.json ./
COPY shared/contracts shared/contracts
COPY shared/ports shared/ports
COPY shared/adapters shared/adapters
COPY workers/ingest workers/ingest
COPY workers/query workers/query
COPY workers/maintenance workers/maintenance
RUN npx turbo run build --filter=@rireki/ingest --filter=@rireki/query --filter=@rireki/maintenance

FROM node:24.21.0-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/contracts/package.json shared/contracts/
COPY shared/ports/package.json shared/ports/
COPY shared/adapters/package.json shared/adapters/
COPY workers/ingest/package.json workers/ingest/
COPY workers/query/package.json workers/query/
COPY workers/maintenance/package.json workers/maintenance/
# Production dependencies of the three workers only: no compiler, no test tools, no CDK.
RUN npm ci --omit=dev --ignore-scripts --workspace=@rireki/ingest --workspace=@rireki/query \
  --workspace=@rireki/maintenance \
  && npm cache clean --force
COPY --from=build /app/shared/contracts/dist shared/contracts/dist
COPY --from=build /app/shared/ports/dist shared/ports/dist
COPY --from=build /app/shared/adapters/dist shared/adapters/dist
COPY --from=build /app/workers/ingest/dist workers/ingest/dist
COPY --from=build /app/workers/query/dist workers/query/dist
COPY --from=build /app/workers/maintenance/dist workers/maintenance/dist
# The files stay root-owned and read-only to the worker; it writes only to the OS temp directory
# (the maintenance worker's copies of the files it rewrites, and DuckDB's spill, go there too).
USER node
# The workers drain on SIGTERM (ECS sends it, then SIGKILL after the task's stopTimeout). Exec form,
# with node as PID 1 and no npm or shell in between, so the signal reaches the worker.
STOPSIGNAL SIGTERM
CMD ["node", "workers/ingest/dist/main.js"]

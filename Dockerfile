# panel-board: one instance per container. Embedded (SQLite under /app/data) by default;
# with REDIS_URL it joins the other instances on that Redis (compose.yaml runs two behind nginx).

# ---- build: dev dependencies, the SvelteKit app and the server bundle ----
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# Build, then drop the dev dependencies; the compiled better-sqlite3 binding stays.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# ---- runtime: production dependencies and the build output, no toolchain, not root ----
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/dist ./dist
# The volume takes the ownership of the directory it is mounted on when first created.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME /app/data
EXPOSE 3000
# /healthz answers 200 when the stores answer, 503 "degraded" otherwise (e.g. Redis unreachable).
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1: the server handles SIGTERM (closes sockets, flushes the store) on `docker stop`.
CMD ["node", "dist/server/main.js"]

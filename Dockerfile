# The Klachtflow app image, used by docker-compose.yml for both the worker and the web process:
# compiled JavaScript (npm run build), production dependencies only, run as the user node.
# docker-compose.yml names the command of each: node dist/worker.js, node dist/src/web/server.js.

# Build: every dependency (TypeScript and the bundler; no install scripts are needed to build),
# then tsc, the files the code reads at run time and the workflow bundle, into dist/.
FROM node:20.20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json worker.ts ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
RUN npm run build

# Run: the production dependencies (no TypeScript, tsx or embedded Postgres) and dist/, owned by
# root: the user node, which the processes run as, reads them but cannot change them.
FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/src/web/server.js"]

# The Klachtflow app image, used by docker-compose.yml for both the worker and the web process.
FROM node:20.20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY tsconfig.json worker.ts ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
USER node

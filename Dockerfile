# The api and the worker: one image, TRAINFLOW_ROLE picks the half to run (docker-compose.yml).
# Built in two stages: TypeScript compiled with tsc and the workflow code bundled in the first;
# the second holds the compiled code and production dependencies only, and runs as a non-root user.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1
COPY package.json package-lock.json .npmrc ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY db/adapter.ts ./db/adapter.ts
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx prisma generate \
 && npm run build \
 && node dist/scripts/bundle-workflows.js dist/workflow-bundle.js \
 # What tsc does not emit: the migrations and schema, the page templates and assets, and the
 # Prisma config, which the Prisma CLI loads with its own TypeScript loader.
 && cp -r prisma dist/prisma \
 && cp -r web/views web/assets dist/web/ \
 && rm dist/prisma.config.js && cp prisma.config.ts dist/ \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app/dist
ENV NODE_ENV=production CHECKPOINT_DISABLE=1 TRAINFLOW_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js HOST=0.0.0.0
COPY --from=build --chown=root:root /app/package.json /app/
COPY --from=build --chown=root:root /app/node_modules /app/node_modules
COPY --from=build --chown=root:root /app/dist /app/dist
# The code is root's and read-only to the process; the process runs as `node`.
USER node
EXPOSE 3000
CMD ["node", "scripts/start.js"]

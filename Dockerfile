# The api and the worker: one image, TRAINFLOW_ROLE picks the half to run.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production CHECKPOINT_DISABLE=1
COPY package.json package-lock.json .npmrc ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY db/adapter.ts ./db/adapter.ts
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx prisma generate
USER node
EXPOSE 3000
CMD ["node", "--import", "tsx", "scripts/start.ts"]

# Build and run the API against an external PostgreSQL (see docker-compose.yml).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall checks the Node version (scripts/require-node.cjs, issue 23)
COPY scripts/require-node.cjs scripts/
RUN npm ci --no-audit --no-fund --omit=optional
COPY . .
RUN npm run build && npm prune --omit=dev --omit=optional

FROM node:24-bookworm-slim
# NODE_ENV=production: no demo seed unless QCR_SEED_DEMO=true is set on purpose (issue 13 §10).
# MALLOC_*: as in `npm start` (docs/performance.md#api-memory): glibc arenas per thread held ~50 MB of RSS, and
# freed start-up memory stayed mapped (~30 MB) until the trim and mmap thresholds were fixed at 128 KiB.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 QCR_SEED_DEMO=false MALLOC_ARENA_MAX=2 MALLOC_TRIM_THRESHOLD_=131072 MALLOC_MMAP_THRESHOLD_=131072
# A CJK font for the PDF downloads of batch checks (docs/checks.md, "Downloads"); pdfkit embeds a subset.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-zenhei && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/seeds ./seeds
COPY --from=build /app/libs/portal/public ./libs/portal/public
USER node
EXPOSE 3000
# Same heap cap as `npm start` (test/architecture/launch.spec.ts keeps them equal).
CMD ["node", "--max-old-space-size=256", "--max-semi-space-size=16", "--min-semi-space-size=16", "--initial-old-space-size=96", "dist/apps/api/src/main.js"]

# redis-vitals: build with the full toolchain, run the compiled JavaScript only.
# docker build -t redis-vitals . && docker run -p 9121:9121 -e REDIS_ADDR=redis://redis:6379 redis-vitals

FROM node:24-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:24-alpine
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's own "node" user (uid 1000): nothing here needs root. Host metrics in a sidecar
# read the bind-mounted /proc, /sys and data dir read-only (see docs/host.md).
USER node
EXPOSE 9121
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD wget -q -O /dev/null http://127.0.0.1:9121/-/healthy || exit 1
# The semi-space cap is the bin shebang's (docs/performance.md: about 16 MB less RSS).
ENTRYPOINT ["node", "--max-semi-space-size=2", "dist/cli.js"]
CMD ["serve"]

# redis-vitals: build the one-file bundle with the full toolchain, run only that file on Node.
# docker build -t redis-vitals . && docker run -p 9121:9121 -e REDIS_ADDR=redis://redis:6379 redis-vitals

FROM node:24-alpine AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY scripts/package ./scripts/package
COPY src ./src
RUN npm run bundle

FROM node:24-alpine
ENV NODE_ENV=production
# The same bundle as the npm package and the single binary; no node_modules in the image.
COPY --from=build /app/bundle/ /usr/local/lib/redis-vitals/
# redis-vitals on PATH, with the bin's memory setting (docs/performance.md: about 16 MB less RSS).
RUN printf '#!/bin/sh\nexec node --max-semi-space-size=2 /usr/local/lib/redis-vitals/redis-vitals.cjs "$@"\n' > /usr/local/bin/redis-vitals && chmod 0755 /usr/local/bin/redis-vitals
# The image's own "node" user (uid 1000): nothing here needs root. Host metrics in a sidecar
# read the bind-mounted /proc, /sys and data dir read-only (see docs/host.md).
USER node
EXPOSE 9121
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD wget -q -O /dev/null http://127.0.0.1:9121/-/healthy || exit 1
ENTRYPOINT ["redis-vitals"]
CMD ["serve"]

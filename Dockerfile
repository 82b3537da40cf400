# One image per service: docker build --build-arg SERVICE=intake .  (docker compose build does all)
#
# The build stage installs everything and bundles the service for plain `node`
# (infra/src/build-image.ts: the gateway's image also gets the web console and the `users`
# command, reporting's the `rebuild` command). The image itself holds production dependencies
# only, installed afresh at the same path (the bundles import third-party packages by their
# resolved paths under /app/node_modules/.pnpm), and runs as the unprivileged `node` user, which
# owns nothing but /blobs. infra/test/image.int.test.ts repeats these steps without Docker.

FROM node:22-bookworm-slim AS base
RUN npm install -g pnpm@12
WORKDIR /app

FROM base AS build
COPY . .
RUN pnpm install --frozen-lockfile
ARG SERVICE
RUN test -n "${SERVICE}" || { echo 'build with --build-arg SERVICE=gateway|intake|document|verification|registry|reporting'; exit 1; }
RUN node --import tsx infra/src/build-image.ts "${SERVICE}" && mkdir -p apps/console/dist

FROM base AS production-dependencies
COPY . .
RUN pnpm install --frozen-lockfile --prod

FROM node:22-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
COPY --from=production-dependencies /app /app
COPY --from=build /app/services/${SERVICE}/dist /app/services/${SERVICE}/dist
COPY --from=build /app/apps/console/dist /app/apps/console/dist
# The document service's blob store (a named volume takes this owner when it is first created).
RUN mkdir /blobs && chown node:node /blobs
USER node
CMD ["sh", "-c", "exec node --enable-source-maps services/${SERVICE}/dist/main.js"]

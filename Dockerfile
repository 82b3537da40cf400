# One image per service: docker build --build-arg SERVICE=intake .
FROM node:22-bookworm-slim
ARG SERVICE
ENV NODE_ENV=production SERVICE=${SERVICE}
WORKDIR /app
RUN npm install -g pnpm@12
COPY . .
RUN pnpm install --frozen-lockfile
USER node
CMD ["sh", "-c", "exec node --import tsx services/${SERVICE}/src/main.ts"]

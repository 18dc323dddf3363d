# Ragtime server image (also used for workers): Node 24, sources run through tsx, web app prebuilt.
FROM node:24-slim AS build
WORKDIR /app
RUN npm install -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile && pnpm --filter @ragtime/web build

FROM node:24-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=9380 DATA_DIR=/data
COPY --from=build /app /app
VOLUME /data
EXPOSE 9380
ENTRYPOINT ["node", "--import", "tsx", "apps/server/src/cli.ts"]
CMD ["serve"]

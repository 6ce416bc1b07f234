# Tunnelgate image: the portal, or with `agent …` as arguments the gateway agent.
#   docker build -t tunnelgate .        (or: docker-compose up --build)
# Without further settings the container runs like `java -jar` on a fresh clone: H2 under
# /app/data and the embedded dev IdP. For production set SPRING_PROFILES_ACTIVE=postgres,production
# and the TUNNELGATE_* variables described in docs/production.md.

# Vaadin 25 needs Node >= 24 for the production frontend build. On developer and CI machines
# .ci/node24 assembles Node 24.21.0 + npm from npm packages when the machine's node is older;
# it needs an existing npm to fetch them with, and the node package it fetches is linux-x64 only.
# Here the official Node image of the same version supplies node and its bundled npm instead:
# nothing to bootstrap from the distro, and the image is multi-arch, so this also builds on
# arm64. Only the node binary and npm are copied into the build stage; no Node reaches the
# runtime image.
ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-slim AS node

FROM eclipse-temurin:21-jdk-noble AS build
# mvnw fetches Maven with curl (or wget).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
    && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
    && node --version && npm --version

WORKDIR /src
COPY . .
# .ci/node24 sees Node >= 24 on PATH and prints its folder, so the image resolves Node through
# the same script as CI and fails the same way if it were older.
RUN PATH="$(bash .ci/node24)/bin:$PATH" ./mvnw -B package -DskipTests \
    && cp target/tunnelgate-*.jar /src/tunnelgate.jar

FROM eclipse-temurin:21-jre-noble
# The same image runs as a gateway (`agent …`, see the gateway service in docker-compose.yml):
# wg, wireguard-go (no kernel module needed inside a container) and ip.
RUN apt-get update \
    && apt-get install -y --no-install-recommends wireguard-tools wireguard-go iproute2 \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 tunnelgate \
    && useradd --system --uid 10001 --gid tunnelgate --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin tunnelgate \
    && mkdir -p /app/data \
    && chown tunnelgate:tunnelgate /app/data \
    && install -d -m 0700 /var/lib/tunnelgate-agent
WORKDIR /app
COPY --from=build /src/tunnelgate.jar /app/tunnelgate.jar
USER tunnelgate
# The default (H2) database lives in ./data relative to the working directory, i.e. /app/data.
VOLUME ["/app/data"]
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/tunnelgate.jar"]

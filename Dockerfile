# syntax=docker/dockerfile:1
# midonet-webhook and midonet-applier in one image (the Deployment runs each as its own container).
#   docker build -t registry.example.com/midonet/midonet-kube:0.1.0 .
#
# Builder: any Swift 6.1+ toolchain image on Debian bookworm works (swift:6.1-bookworm,
# swift:6.2-bookworm, ...); the runtime stage is bookworm too, so the system libraries match.
ARG SWIFT_IMAGE=swift:6.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libssl-dev libnghttp2-dev libsqlite3-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# All of the package (SwiftPM checks every declared target's folder, tests included), and
# Package.resolved if you have one, for the versions you tested.
COPY . .
# --static-swift-stdlib: the Swift runtime and Foundation are linked in, so the runtime image needs
# only the system libraries below. One product per command (swift build takes one --product).
# The cache mount keeps fetched packages and build products between builds (BuildKit), so the
# results are copied out in the same step. Dependencies' resource bundles, if any, must sit next
# to the executables; swift-backtrace-static (Swift 5.9+) gives readable crash backtraces.
RUN --mount=type=cache,target=/src/.build \
    swift build -c release --static-swift-stdlib --product midonet-webhook \
 && swift build -c release --static-swift-stdlib --product midonet-applier \
 && bin="$(swift build -c release --show-bin-path)" \
 && mkdir -p /out \
 && cp "$bin/midonet-webhook" "$bin/midonet-applier" /out/ \
 && find -L "$bin" -maxdepth 1 -name '*.resources' -exec cp -Ra {} /out/ \; \
 && if [ -x /usr/libexec/swift/linux/swift-backtrace-static ]; then \
      cp /usr/libexec/swift/linux/swift-backtrace-static /out/; \
    fi

FROM ${RUNTIME_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libssl3 libnghttp2-14 libsqlite3-0 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /usr/local/bin/
ENV SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/bin/swift-backtrace-static
# Non-root, the uid the Deployment's securityContext expects. The store lives on a volume mounted
# at /var/lib/midonet; the directory exists for `docker run` without one.
RUN install -d -o 65532 -g 65532 -m 0750 /var/lib/midonet
USER 65532:65532
WORKDIR /var/lib/midonet
# The Deployment sets the command of each container; this default just documents them.
CMD ["/usr/local/bin/midonet-webhook", "--help"]

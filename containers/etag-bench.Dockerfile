# The project's own image: its compiled package (bin/, dist/, schemas/, scenarios/) and the node_modules it
# needs at run time, on a Node image. One image serves the CouchDB-compatible server (`etag-bench couchdb`)
# and the built-in implementations (`node dist/reference-server/main.js <name>`); the harness names the
# command, except when the image runs as an `image:` implementation: then its CMD serves the built-in named by
# ETAG_BENCH_IMPL (default reference) per the implementation contract (HOST, PORT, COUCHDB_URL, COUCHDB_DB).
# The build context is staged by harness/environment/containers/etag-bench-image.ts (only the run-time
# dependency closure is copied). No EXPOSE: podman 4.3 reports every EXPOSEd port and testcontainers would
# wait for unpublished ones.
ARG NODE_IMAGE
FROM ${NODE_IMAGE}
ARG WORKDIR=/app
COPY app/ /app/
WORKDIR ${WORKDIR}
ENV NODE_ENV=production
CMD ["node", "dist/reference-server/main.js"]

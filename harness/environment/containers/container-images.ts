// Which image each container kind runs. On these machines the images come from ../shared/ci/container-runtime.sh
// (ETAG_BENCH_IMAGE_*: local, never pulled); elsewhere the public images. CouchDB is `couchdb:3` unless
// overridden (--couchdb-image or ETAG_BENCH_IMAGE_COUCHDB); `etag-bench` asks for the project's own
// CouchDB-compatible server straight away.

export const DEFAULT_COUCHDB_IMAGE = 'couchdb:3';
/** The --couchdb-image value that skips the real CouchDB and runs the project's compatible server. */
export const COMPATIBLE_COUCHDB_IMAGE = 'etag-bench';

export interface ContainerImages {
  /** Node for the project's own image (implementations, the CouchDB-compatible server). */
  readonly node: string;
  readonly memcached: string;
  /** Debian's nginx-light (no CMD: started with an explicit command). */
  readonly nginx: string;
  /** Varnish with varnish-modules (xkey, var). */
  readonly varnish: string;
  readonly couchdb: string;
  /** The user named the CouchDB image: it is never replaced by the compatible server. */
  readonly couchdbChosen: boolean;
}

export function containerImages(env: NodeJS.ProcessEnv = process.env, couchdbImage?: string): ContainerImages {
  const chosen = couchdbImage ?? nonEmpty(env.ETAG_BENCH_IMAGE_COUCHDB);
  return {
    node: nonEmpty(env.ETAG_BENCH_IMAGE_NODE) ?? `node:${process.versions.node.split('.')[0]}-bookworm-slim`,
    memcached: nonEmpty(env.ETAG_BENCH_IMAGE_MEMCACHED) ?? 'memcached:1.6',
    nginx: nonEmpty(env.ETAG_BENCH_IMAGE_NGINX) ?? 'nginx:1.22',
    varnish: nonEmpty(env.ETAG_BENCH_IMAGE_VARNISH) ?? 'varnish:7.1',
    couchdb: chosen ?? DEFAULT_COUCHDB_IMAGE,
    couchdbChosen: chosen !== undefined,
  };
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

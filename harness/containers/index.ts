// The containers environment (testcontainers): re-exports only.

export { autoEnvironment, type EnvironmentChoice, type EnvironmentKind } from './auto-environment.js';
export { containerImages, COMPATIBLE_COUCHDB_IMAGE, DEFAULT_COUCHDB_IMAGE, type ContainerImages } from './container-images.js';
export { PID_LABEL, SESSION_LABEL } from './container-reaper.js';
export { detectContainerRuntime, requireContainerRuntime, RUNTIME_SETUP, type RuntimeProbe } from './container-runtime.js';
export { startContainersEnvironment, type ContainersEnvironment, type ContainersEnvironmentOptions } from './containers-environment.js';
export { CouchDbCompatibleContainer, StartedCouchDbCompatibleContainer, COUCHDB_PORT } from './couchdb-compatible-container.js';
export { startCouchDb, COUCHDB_ALIAS, type StartedCouchDb } from './couchdb-container.js';
export { etagBenchImage, ETAG_BENCH_IMAGE_REPOSITORY, type EtagBenchImage } from './etag-bench-image.js';
export { ContainerImplementation, ImplementationContainer, StartedImplementationContainer, IMPLEMENTATION_PORT } from './implementation-container.js';
export { MemcachedContainer, StartedMemcachedContainer, MEMCACHED_PORT } from './memcached-container.js';

// The seed's ETag store as reference-server/impls/seed.ts ports it (the class is private there): one global
// list of valid ETags searched linearly, and a map from document id to its last ETag. The same operations,
// without HTTP, so that registry-ops can set its cost beside the registry's. Keep it in step with seed.ts.

const SEED_IF_NONE_MATCH = /(?:W\/)?(?:"([^"]*)",?\s*)/g;

export class SeedEtagList {
  readonly etags: string[] = [];
  readonly keys = new Map<string, string>();

  check(header: string): string | undefined {
    for (const match of header.matchAll(SEED_IF_NONE_MATCH)) {
      const etag = match[1] ?? '';
      if (this.etags.includes(etag)) return etag;
    }
    return undefined;
  }

  set(key: string, etag: string): void {
    if (!this.etags.includes(etag)) this.etags.push(etag);
    this.keys.set(key, etag);
  }

  remove(etag: string): void {
    const at = this.etags.indexOf(etag);
    if (at !== -1) this.etags.splice(at, 1);
  }

  removeByKey(key: string): void {
    const etag = this.keys.get(key);
    if (etag === undefined) return;
    this.remove(etag);
    this.keys.delete(key);
  }
}

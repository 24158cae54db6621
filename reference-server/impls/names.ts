// The names of the implementations that ship, as `--impl` and results.json spell them: all the harness needs to
// know of them to check a spec (it starts them as `node dist/reference-server/main.js <name>`).

export const BUILT_IN_IMPLEMENTATIONS = ['reference', 'seed', 'seed-changes', 'ttl', 'couchdb', 'none', 'express', 'fastify'] as const;
export type BuiltInName = (typeof BUILT_IN_IMPLEMENTATIONS)[number];

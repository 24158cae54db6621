// Bundles report.html's page script (reports/browser/page-script.ts) with the parts of chart.js it imports into one
// file, dist/reports/browser/page-script.js, which reports/html/page-script-bundle.ts inlines in every report.
// Type-checking is tsc's job (reports/browser/tsconfig.json); esbuild only strips the types and bundles.

import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['reports/browser/page-script.ts'],
  outfile: 'dist/reports/browser/page-script.js',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  // chart.js's licence banner stays in the bundle, where its code is.
  legalComments: 'inline',
  // No source map: the report is one file, and a browser would look for the map beside it.
  sourcemap: false,
  logLevel: 'warning',
});

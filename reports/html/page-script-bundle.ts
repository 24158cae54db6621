// The page script of report.html, as `npm run build` bundled it (reports/browser/, with chart.js, by
// scripts/build-browser.mjs), read to be inlined in the page. Without it a report would open with no chart, so a
// missing bundle is an error, never a page written without it.

import { accessSync, constants, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EtagBenchError } from '../../harness/errors.js';

/** Where scripts/build-browser.mjs writes the bundle. Compiled, this file sits in dist/reports/html/, beside the
 * bundle's folder; run from its TypeScript source (the tests), in reports/html/, and the bundle is the one under dist/. */
export const PAGE_SCRIPT_PATH = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../dist/reports/browser/page-script.js' : '../browser/page-script.js', import.meta.url),
);

/** The page script was not built, or not where the HTML writer looks for it: an install to mend (exit 2). */
export class PageScriptNotBuiltError extends EtagBenchError {
  override readonly name = 'PageScriptNotBuiltError';
  readonly code = 'EB_ERR_PAGE_SCRIPT_NOT_BUILT';
  constructor(
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(`report.html needs its page script, not found at ${path}: run \`npm run build\` in the project first`, options);
  }
}

/** Throws PageScriptNotBuiltError unless the bundle is there to be read (checked before a run, without reading it). */
export function requirePageScript(path: string = PAGE_SCRIPT_PATH): void {
  try {
    accessSync(path, constants.R_OK);
  } catch (error) {
    throw new PageScriptNotBuiltError(path, { cause: error });
  }
}

/** The bundle's text, safe inside a <script> element. */
export function readPageScript(path: string = PAGE_SCRIPT_PATH): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PageScriptNotBuiltError(path, { cause: error });
  }
  // `<\/script` means the same inside a JS string, regex or comment, and cannot end the element early.
  return text.replace(/<\/(script)/gi, '<\\/$1');
}

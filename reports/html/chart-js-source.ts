// The text of chart.js's UMD build, to inline in the report so it opens offline. Read once, when first needed.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

export function chartJsSource(): string {
  if (cached === undefined) {
    // chart.js's exports map hides dist/, but its CommonJS entry sits in the same folder as the UMD build.
    const dist = dirname(createRequire(import.meta.url).resolve('chart.js'));
    cached = readFileSync(join(dist, 'chart.umd.min.js'), 'utf8')
      // The source map is not shipped in the report; a browser would look for it beside the HTML file.
      .replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n')
      // `<\/script` means the same inside a JS string, regex or comment, and cannot end the element early.
      .replace(/<\/(script)/gi, '<\\/$1');
  }
  return cached;
}

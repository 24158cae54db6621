// Implementation specs (docs/architecture.md, Implementation contract): a built-in name, `cmd:<shell command>`, or `url:<base URL>`.

import { InvalidOptionError } from '../errors.js';
import { BUILT_IN_IMPLEMENTATIONS } from '../../reference-server/impls/names.js';

export type ImplSpec =
  | { readonly kind: 'built-in'; readonly spec: string; readonly name: string }
  | { readonly kind: 'cmd'; readonly spec: string; readonly command: string }
  | { readonly kind: 'url'; readonly spec: string; readonly url: string };

export function parseImplSpec(spec: string): ImplSpec {
  if (spec.startsWith('cmd:')) {
    const command = spec.slice(4).trim();
    if (command === '') throw new InvalidOptionError('--impl', spec, 'cmd: followed by a shell command');
    return { kind: 'cmd', spec, command };
  }
  if (spec.startsWith('url:')) {
    const url = spec.slice(4).trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(url)) throw new InvalidOptionError('--impl', spec, 'url: followed by an http:// base URL');
    return { kind: 'url', spec, url };
  }
  if (!(BUILT_IN_IMPLEMENTATIONS as readonly string[]).includes(spec)) {
    throw new InvalidOptionError('--impl', spec, `a built-in (${BUILT_IN_IMPLEMENTATIONS.join(', ')}), cmd:<command> or url:<base URL>`);
  }
  return { kind: 'built-in', spec, name: spec };
}

/** `-i a,b -i c` → [a, b, c]; commas inside cmd: specs are kept (a cmd: spec runs to the end of its value). */
export function splitImplList(values: readonly string[]): string[] {
  const specs: string[] = [];
  for (const value of values) {
    if (value.startsWith('cmd:') || value.startsWith('url:')) specs.push(value);
    else
      specs.push(
        ...value
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== ''),
      );
  }
  return specs;
}

// Implementation specs (docs/architecture.md, Implementation contract): a built-in name, `cmd:<shell command>`,
// `url:<base URL>`, or `image:<image reference>` (a container image, run under --env containers only).

import { blockedPortReason } from '../../protocol/http/fetch-bad-ports.js';
import { InvalidOptionError } from '../errors.js';
import { BUILT_IN_IMPLEMENTATIONS } from '../../reference-server/impls/names.js';

export type ImplSpec =
  | { readonly kind: 'built-in'; readonly spec: string; readonly name: string }
  | { readonly kind: 'cmd'; readonly spec: string; readonly command: string }
  | { readonly kind: 'url'; readonly spec: string; readonly url: string }
  | { readonly kind: 'image'; readonly spec: string; readonly image: string };

/** A Docker image reference: `[registry[:port]/]path[:tag][@algorithm:digest]`, the path's parts in lower case. */
const IMAGE_REFERENCE =
  /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,})?$/;

export function parseImplSpec(spec: string): ImplSpec {
  if (spec.startsWith('cmd:')) {
    const command = spec.slice(4).trim();
    if (command === '') throw new InvalidOptionError('--impl', spec, 'cmd: followed by a shell command');
    return { kind: 'cmd', spec, command };
  }
  if (spec.startsWith('url:')) {
    const url = spec.slice(4).trim().replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]/.test(url)) throw new InvalidOptionError('--impl', spec, 'url: followed by an http:// base URL');
    const blocked = blockedPortReason(url);
    if (blocked !== undefined) throw new InvalidOptionError('--impl', spec, `usable: ${blocked}`);
    return { kind: 'url', spec, url };
  }
  if (spec.startsWith('image:')) {
    const image = spec.slice(6).trim();
    if (!IMAGE_REFERENCE.test(image)) throw new InvalidOptionError('--impl', spec, 'image: followed by an image reference (name[:tag], e.g. image:my-app:1.2)');
    return { kind: 'image', spec, image };
  }
  if (!(BUILT_IN_IMPLEMENTATIONS as readonly string[]).includes(spec)) {
    throw new InvalidOptionError('--impl', spec, `a built-in (${BUILT_IN_IMPLEMENTATIONS.join(', ')}), cmd:<command>, url:<base URL> or image:<image>`);
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

/** Under --env containers, whether it runs in a container on the environment's network (a proxy container can
 *  reach it there); cmd: and url: implementations stay on this machine. */
export function runsInContainer(impl: ImplSpec): impl is Extract<ImplSpec, { kind: 'built-in' | 'image' }> {
  return impl.kind === 'built-in' || impl.kind === 'image';
}

// Implementation specs as -i and a scenario's `impls` give them: image: references parsed, bad ones refused with
// the option named; which kinds run in containers under --env containers.
import t from 'tap';
import { parseImplSpec, runsInContainer, splitImplList } from '../../harness/contract/impl-spec.js';
import type { InvalidOptionError } from '../../harness/errors.js';

t.test('image:<reference> names a container image, as Docker spells references', async (t) => {
  for (const image of [
    'my-app',
    'my-app:1.2',
    'localhost/etag-bench/app:0.1.0-27428020a58a',
    'registry.example.com:5000/team/my_app:v2.0-rc.1',
    `my-app@sha256:${'a'.repeat(64)}`,
  ]) {
    t.same(parseImplSpec(`image:${image}`), { kind: 'image', spec: `image:${image}`, image }, image);
  }
});

t.test('an empty or malformed image reference is a usage error naming --impl', async (t) => {
  for (const spec of ['image:', 'image:  ', 'image:My-App', 'image:my app', 'image:app:', 'image:-app', 'image:app:tag with space']) {
    t.throws(
      () => parseImplSpec(spec),
      { name: 'InvalidOptionError', code: 'EB_ERR_INVALID_OPTION', message: /^--impl: .* is not image: followed by an image reference/ },
      JSON.stringify(spec),
    );
  }
  const error = (() => {
    try {
      parseImplSpec('frobnicate');
    } catch (caught) {
      return caught as InvalidOptionError;
    }
  })();
  t.match(error?.message, /image:<image>/, 'an unknown spec lists image: among the kinds');
});

t.test('-i lists split image: specs like built-ins (a reference has no comma)', async (t) => {
  t.same(splitImplList(['image:my-app:1,reference', 'image:other']), ['image:my-app:1', 'reference', 'image:other']);
});

t.test('built-ins and image: run in containers under --env containers; cmd: and url: stay local', async (t) => {
  t.same(
    ['reference', 'image:my-app', 'cmd:node server.js', 'url:http://127.0.0.1:19999'].map((spec) => runsInContainer(parseImplSpec(spec))),
    [true, true, false, false],
  );
});

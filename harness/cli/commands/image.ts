// `etag-bench image`: the project's own container image, built first when missing (as `--env containers` builds
// it), its name on stdout: what `--impl image:<name>` runs, serving the built-in named by ETAG_BENCH_IMPL
// (`--impl-env ETAG_BENCH_IMPL=seed`; default reference).

import { Command } from 'commander';
import { StartupError } from '../../errors.js';
import { optionalPeerMissing } from '../../optional-peers.js';

export function imageCommand(): Command {
  const command: Command = new Command('image')
    .description("print the name of the project's own container image (for --impl image:<name>), building it first if needed")
    .action(async () => {
      const missing = optionalPeerMissing('testcontainers');
      if (missing !== undefined) throw new StartupError(`etag-bench image: ${missing}`);
      const name = await projectImage();
      const write = command.configureOutput().writeOut ?? ((out: string) => process.stdout.write(out));
      write(`${name}\n`);
    });
  return command;
}

async function projectImage(): Promise<string> {
  const { requireContainerRuntime } = await import('../../environment/containers/container-runtime.js');
  const runtime = await requireContainerRuntime(process.env);
  // testcontainers (the build) finds the runtime through DOCKER_HOST.
  process.env.DOCKER_HOST ??= runtime.dockerHost;
  const { containerImages } = await import('../../environment/containers/container-images.js');
  const { etagBenchImage } = await import('../../environment/containers/etag-bench-image.js');
  const image = await etagBenchImage(runtime.endpoint, containerImages(process.env).node);
  if (image.built) process.stderr.write(`built ${image.name} in ${image.buildMs} ms\n`);
  return image.name;
}

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // In your project 'overseer' comes from node_modules; here it is this repository's source.
  resolve: { alias: { overseer: fileURLToPath(new URL('../../src/index.ts', import.meta.url)) } },
  test: { include: ['examples/test-harness/*.vitest.ts', 'examples/test-harness/vitest.test.ts'] },
});

#!/usr/bin/env node
// The bin is this committed file rather than dist/main.js: npm links a bin only when its
// file exists, and `npm ci` runs before the first build, so `npx todo` would miss a link to
// dist and go looking in the registry instead.
try {
  await import('../dist/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/main.js')) {
    throw error;
  }
  process.stderr.write('todo: the CLI is not built yet: run `npm run build` first.\n');
  process.exitCode = 1;
}

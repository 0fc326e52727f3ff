// Preloaded (`node --import`) into a compiled worker or CLI by test/build/: makes every package that a
// production install leaves out (`npm ci --omit=dev`: "dev": true in package-lock.json) fail to load, as
// it would be missing there. Each refusal is also printed on stderr and appended to the file
// NO_DEV_PACKAGES_LOG names, so that a test sees an attempt even when a library caught the error.
// CommonJS only, as the compiled code is.
import { appendFileSync, readFileSync } from 'node:fs';
import Module from 'node:module';

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8'));
const devOnly = new Set(Object.keys(lock.packages).filter((key) => lock.packages[key].dev));

/** "node_modules/a/node_modules/@s/b" for a file inside that package, as package-lock.json names it. */
function packageKey(file) {
  const at = file.indexOf('/node_modules/');
  if (at === -1) return undefined;
  const parts = file.slice(at + 1).split('/');
  const key = [];
  for (let i = 0; parts[i] === 'node_modules' && i + 1 < parts.length; ) {
    const n = parts[i + 1].startsWith('@') ? 2 : 1;
    key.push('node_modules', ...parts.slice(i + 1, i + 1 + n));
    i += 1 + n;
  }
  return key.join('/');
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const file = resolve.call(this, request, parent, ...rest);
  const key = packageKey(file);
  if (key && devOnly.has(key)) {
    const line = `no-dev-packages: refused ${request} (${key}, a dev dependency) required by ${parent && parent.filename}\n`;
    process.stderr.write(line);
    if (process.env.NO_DEV_PACKAGES_LOG) appendFileSync(process.env.NO_DEV_PACKAGES_LOG, line);
    const err = new Error(`Cannot find module '${request}' (${key} is a dev dependency: not installed in production)`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  }
  return file;
};

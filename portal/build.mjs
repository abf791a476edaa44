// The portal's build step after `tsc -p portal/tsconfig.json`: its page, its styles and Preact's browser ES modules
// (vendored from node_modules, so the page loads nothing from a CDN) go beside the compiled scripts in dist/portal.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const here = import.meta.dirname;
const out = path.join(here, '..', 'dist', 'portal');
const preact = path.dirname(createRequire(import.meta.url).resolve('preact/package.json'));

/** Import-map name in index.html → the file Preact publishes for browsers (its package.json "browser" export). */
const VENDOR = {
  'preact.js': 'dist/preact.module.js',
  'preact-hooks.js': 'hooks/dist/hooks.module.js',
  'preact-jsx-runtime.js': 'jsx-runtime/dist/jsxRuntime.module.js',
};

mkdirSync(path.join(out, 'vendor'), { recursive: true });
for (const [name, file] of Object.entries(VENDOR))
  copyFileSync(path.join(preact, file), path.join(out, 'vendor', name));
copyFileSync(path.join(preact, 'LICENSE'), path.join(out, 'vendor', 'preact-LICENSE'));
for (const file of ['index.html', 'portal.css']) copyFileSync(path.join(here, file), path.join(out, file));

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Converts a glob (`*`, `**`, `?`, `{a,b}`) into a RegExp over forward-slash relative paths. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const end = glob.indexOf('}', i);
      const options = glob.slice(i + 1, end).split(',');
      source += `(?:${options.map((option) => option.replace(/[.+^$()|[\]\\]/g, '\\$&')).join('|')})`;
      i = end;
    } else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function walk(dir: string, root: string, out: string[]): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, root, out);
    else out.push(path.relative(root, full).split(path.sep).join('/'));
  }
}

/** The entry files of an app folder: package.json `main`, which may be a glob, as the Node worker reads it. */
export function resolveEntryPoints(appDir: string): string[] {
  const pkgPath = path.join(appDir, 'package.json');
  if (!fs.existsSync(pkgPath)) throw new Error(`No package.json in app folder ${appDir}`);
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8')) as { main?: unknown };
  const main = typeof pkg.main === 'string' && pkg.main.length > 0 ? pkg.main : 'index.js';
  const normalized = main.replace(/^\.\//, '');
  if (!/[*?{]/.test(normalized)) {
    const file = path.resolve(appDir, normalized);
    if (!fs.existsSync(file)) {
      throw new Error(`The app's entry point ${file} (package.json "main") does not exist. Did you build the app?`);
    }
    return [file];
  }
  const pattern = globToRegExp(normalized);
  const files: string[] = [];
  walk(appDir, appDir, files);
  const matches = files.filter((file) => pattern.test(file)).sort();
  if (matches.length === 0) throw new Error(`package.json "main" glob "${main}" matched no file in ${appDir}`);
  return matches.map((file) => path.resolve(appDir, file));
}

function isEsm(file: string, appDir: string): boolean {
  if (file.endsWith('.mjs')) return true;
  if (file.endsWith('.cjs')) return false;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(appDir, 'package.json'), 'utf8')) as { type?: unknown };
    return pkg.type === 'module';
  } catch {
    return false;
  }
}

// A real dynamic import that TypeScript's CommonJS output does not rewrite into require().
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import() that CommonJS output keeps
const dynamicImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** Loads each entry file in order: `import()` for ESM, `require()` otherwise. */
export async function loadEntryPoints(appDir: string): Promise<string[]> {
  const files = resolveEntryPoints(appDir);
  for (const file of files) {
    if (isEsm(file, appDir)) await dynamicImport(pathToFileURL(file).href);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS apps load with require, as the worker does
    else require(file);
  }
  return files;
}

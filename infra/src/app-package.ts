import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ZipEntry } from './zip';

/**
 * What Azure runs: the compiled app (dist/src, and dist/portal when built), host.json, a package.json without the
 * local tooling, and the production node_modules. Nothing of devhost/, simulator/, stack/, cli/ or the tests.
 */
export const APP_FOLDERS = ['dist/src', 'dist/portal'] as const;

const PackageJsonSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  main: z.string(),
  description: z.string().optional(),
  license: z.string().optional(),
  engines: z.record(z.string(), z.string()).optional(),
  dependencies: z.record(z.string(), z.string()),
});

/** package-lock.json v2/v3: every installed package by path, `dev` when only the dev tree needs it. */
const LockSchema = z.object({
  packages: z.record(z.string(), z.object({ dev: z.boolean().optional(), link: z.boolean().optional() })),
});

/** The app's files under `root` (the repository, built), as zip entries in a stable order. */
export function appPackageEntries(root: string): ZipEntry[] {
  const manifest = PackageJsonSchema.parse(readJson(path.join(root, 'package.json')));
  if (!existsSync(path.join(root, manifest.main))) {
    throw new Error(`${manifest.main} (package.json "main") is missing: run npm run build first`);
  }
  const files: string[] = [];
  for (const folder of APP_FOLDERS) files.push(...walk(root, folder, runtimeFile));
  files.push('host.json');
  for (const dir of productionPackages(root)) files.push(...walk(root, dir, runtimeFile));
  const entries = files.map((name) => ({ name, data: readFileSync(path.join(root, name)) }));
  entries.push({ name: 'package.json', data: Buffer.from(`${JSON.stringify(deployedManifest(manifest), null, 2)}\n`) });
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

/** Node never loads TypeScript sources, declarations or source maps: leaving them out halves the package. */
const BUILD_ONLY = /\.([cm]?ts|map)$/;

function runtimeFile(name: string): boolean {
  return !BUILD_ONLY.test(name);
}

/** package.json as deployed: no scripts (nothing runs `prepare` there), no bin of the local tools, no dev tree. */
function deployedManifest(manifest: z.infer<typeof PackageJsonSchema>) {
  const { name, version, description, license, main, engines, dependencies } = manifest;
  return { name, version, description, license, private: true, main, engines, dependencies };
}

/** node_modules folders of every package the lock file does not mark dev-only (optional ones only if installed). */
export function productionPackages(root: string): string[] {
  const lock = LockSchema.parse(readJson(path.join(root, 'package-lock.json')));
  return Object.entries(lock.packages)
    .filter(([dir, entry]) => dir.startsWith('node_modules/') && !entry.dev && !entry.link)
    .map(([dir]) => dir)
    .filter((dir) => existsSync(path.join(root, dir)));
}

/** Files under `dir` (relative to root, forward slashes); nested node_modules are packages of their own. */
function walk(root: string, dir: string, keep: (name: string) => boolean): string[] {
  const full = path.join(root, dir);
  if (!existsSync(full)) return [];
  const found: string[] = [];
  for (const item of readdirSync(full, { withFileTypes: true })) {
    const relative = `${dir}/${item.name}`;
    if (item.isDirectory()) {
      if (item.name !== 'node_modules') found.push(...walk(root, relative, keep));
    } else if (item.isFile() || (item.isSymbolicLink() && statSync(path.join(root, relative)).isFile())) {
      if (keep(item.name)) found.push(relative);
    }
  }
  return found;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

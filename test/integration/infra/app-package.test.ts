import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appPackageEntries } from '../../../infra/src/app-package';
import { readZip, writeZip } from '../../../infra/src/zip';
import { ACTIVITY, ORCHESTRATOR } from '../../../src/orchestrators/names';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const LOCAL_TOOLING = /^(dist\/)?(devhost|simulator|stack|cli|test|infra)\//;
const DEV_PACKAGES = /^node_modules\/(vitest|typescript|azurite|eslint|prettier|playwright-core)\//;

/**
 * What the Node worker hands the app as `@azure/functions-core`, reduced to recording registrations: the packaged app
 * is loaded as the Functions host loads it, with nothing of devhost/ (whose own stand-in this is not).
 */
const FUNCTIONS_CORE_STUB = `
const registered = [];
module.exports = {
  registered,
  setProgrammingModel() {},
  getProgrammingModel() {},
  registerHook() { return { dispose() {} }; },
  log() {},
  registerFunction(metadata) {
    const trigger = Object.values(metadata.bindings).find((binding) => /trigger$/i.test(binding.type));
    registered.push({ name: metadata.name, trigger: trigger && trigger.type });
    return { dispose() {} };
  },
};`;

const LOAD_APP = `
const main = require('./package.json').main;
require('./' + main);
const { registered } = require('@azure/functions-core');
process.stdout.write(JSON.stringify({ registered, modules: Object.keys(require.cache) }));`;

const LoadedSchema = z.object({
  registered: z.array(z.object({ name: z.string(), trigger: z.string() })),
  modules: z.array(z.string()),
});

let work = '';
let files = new Map<string, Buffer>();

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'src', 'index.js'))) throw new Error('run npm run build first');
  work = mkdtempSync(path.join(tmpdir(), 'app-package-'));
  files = readZip(writeZip(appPackageEntries(ROOT)));
  for (const [name, data] of files) {
    mkdirSync(path.dirname(path.join(work, 'app', name)), { recursive: true });
    writeFileSync(path.join(work, 'app', name), data);
  }
  const core = path.join(work, 'worker', 'node_modules', '@azure', 'functions-core');
  mkdirSync(core, { recursive: true });
  writeFileSync(path.join(core, 'index.js'), FUNCTIONS_CORE_STUB);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the app package (npm run package)', () => {
  it('holds the app, its host.json and production dependencies, and none of the local tooling', () => {
    const names = [...files.keys()];
    expect(names).toContain('dist/src/index.js');
    expect(names).toContain('host.json');
    expect(names).toContain('node_modules/durable-functions/package.json');
    expect(names.filter((name) => LOCAL_TOOLING.test(name) || DEV_PACKAGES.test(name))).toEqual([]);
  });

  it('ships a package.json without scripts, bins or dev dependencies', () => {
    const manifest = z.looseObject({ main: z.string() }).parse(JSON.parse(files.get('package.json')?.toString() ?? ''));
    expect(files.has(manifest.main)).toBe(true);
    expect(manifest).not.toHaveProperty('scripts');
    expect(manifest).not.toHaveProperty('bin');
    expect(manifest).not.toHaveProperty('devDependencies');
  });

  it('loads on its own and registers every function, reading nothing outside the package', () => {
    const app = path.join(work, 'app');
    const worker = path.join(work, 'worker', 'node_modules');
    const output = execFileSync(process.execPath, ['-e', LOAD_APP], {
      cwd: app,
      env: { PATH: process.env.PATH, NODE_PATH: worker },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const loaded = LoadedSchema.parse(JSON.parse(output));
    const byName = new Map(loaded.registered.map((fn) => [fn.name, fn.trigger]));
    expect(byName.get('health')).toBe('httpTrigger');
    expect(byName.get('autoUpgradeTrigger')).toBe('timerTrigger');
    for (const name of Object.values(ORCHESTRATOR)) expect(byName.get(name), name).toBe('orchestrationTrigger');
    for (const name of Object.values(ACTIVITY)) expect(byName.get(name), name).toBe('activityTrigger');
    const outside = loaded.modules.filter((file) => !file.startsWith(app) && !file.startsWith(worker));
    expect(outside).toEqual([]);
  });
});

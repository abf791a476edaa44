// `npm run package`: the zip that infra/README.md deploys (az functionapp deployment source config-zip).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appPackageEntries } from './app-package';
import { writeZip } from './zip';

/** The repository root: this runs compiled, from dist/infra/src. */
const ROOT = path.resolve(__dirname, '../../..');
const DEFAULT_OUTPUT = path.join(ROOT, 'dist', 'app.zip');

const output = path.resolve(process.argv[2] ?? DEFAULT_OUTPUT);
const entries = appPackageEntries(ROOT);
const archive = writeZip(entries);
mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, archive);
console.log(
  `${path.relative(process.cwd(), output)}: ${entries.length} files, ${(archive.length / 1e6).toFixed(1)} MB`,
);

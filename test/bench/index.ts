import { benchApiLoad } from './api-load.bench';
import { benchDevhost } from './devhost.bench';
import { benchRun } from './run.bench';
import { benchScale } from './scale.bench';
import { printReport, type BenchRow } from './report';

const BENCHES: Record<string, () => Promise<BenchRow[]>> = {
  devhost: benchDevhost,
  run: benchRun,
  scale: benchScale,
  api: benchApiLoad,
};

/** `npm run bench -- <name…>`: runs the named benchmarks (all when none is named). */
async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const selected = names.length > 0 ? names : Object.keys(BENCHES);
  for (const name of selected) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`Unknown benchmark '${name}'. Known: ${Object.keys(BENCHES).join(', ')}`);
    printReport(name, await bench());
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

#!/usr/bin/env node
const cli = require('node:path').join(__dirname, '..', '..', 'dist', 'devhost', 'src', 'cli.js');
if (!require('node:fs').existsSync(cli)) {
  console.error(`devhost is not built (${cli} is missing): run npm run build first`);
  process.exit(1);
} else require(cli).run(process.argv.slice(2));

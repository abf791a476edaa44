#!/usr/bin/env node
const path = require('node:path');
const cli = path.join(__dirname, '..', '..', 'dist', 'devhost', 'src', 'cli.js');
if (!require('node:fs').existsSync(cli)) {
  console.error(`devhost is not built (${cli} is missing): run npm run build first`);
  process.exit(1);
}
require(cli)
  .main(process.argv.slice(2))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });

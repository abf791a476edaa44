#!/usr/bin/env node
const cli = require('node:path').join(__dirname, '..', '..', 'dist', 'cli', 'src', 'main.js');
if (!require('node:fs').existsSync(cli)) {
  console.error(`fleet is not built (${cli} is missing): run npm run build first`);
  process.exit(1);
} else require(cli).main(process.argv);

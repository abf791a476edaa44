#!/usr/bin/env node
// Entry for the `aks-simulator` bin: runs the compiled CLI (npm run build first).
require('../../dist/simulator/src/cli.js');

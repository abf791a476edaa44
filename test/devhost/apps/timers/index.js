const fs = require('node:fs');
const path = require('node:path');
const { app } = require('@azure/functions');

/** Appends what the timer saw to $MARKER_DIR/<function>.jsonl, so tests can watch invocations from outside. */
function recordTick(timer, context) {
  const line = JSON.stringify({ functionName: context.functionName, timer, at: new Date().toISOString() });
  fs.appendFileSync(path.join(process.env.MARKER_DIR, `${context.functionName}.jsonl`), line + '\n');
}

app.timer('everySecond', { schedule: '%TICK_SCHEDULE%', handler: recordTick });
app.timer('onStartup', { schedule: '0 0 0 1 1 *', runOnStartup: true, handler: recordTick });
app.timer('hourly', { schedule: '0 0 * * * *', handler: recordTick });

// Activities for the durable conformance app (plain JavaScript against the public durable-functions v3 API).
const df = require('durable-functions');
const fs = require('node:fs');

/** Appends one line per execution so tests can count how often each activity really ran. */
function record(name, input) {
  const file = process.env.CONFORMANCE_RUN_LOG;
  if (file) fs.appendFileSync(file, JSON.stringify({ name, input }) + '\n');
}

df.app.activity('SayHello', {
  handler: (name) => {
    record('SayHello', name);
    return `Hello ${name}`;
  },
});

df.app.activity('Noop', { handler: (n) => n });

df.app.activity('Slow', {
  handler: async (input) => {
    record('Slow', input);
    await new Promise((resolve) => setTimeout(resolve, input.ms));
    return input.value;
  },
});

let flakyCalls = 0;
df.app.activity('Flaky', {
  handler: (input) => {
    flakyCalls++;
    record('Flaky', flakyCalls);
    if (flakyCalls % input.failTimes !== 0) throw new Error(`flaky failure ${flakyCalls}`);
    return `ok after ${flakyCalls}`;
  },
});

df.app.activity('Boom', {
  handler: (input) => {
    throw new Error(`kaboom: ${input}`);
  },
});

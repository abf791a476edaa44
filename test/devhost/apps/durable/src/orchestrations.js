// Orchestrations for the durable conformance app, written against the public durable-functions v3 docs.
const df = require('durable-functions');

df.app.orchestration('Chain', function* (context) {
  const input = context.df.getInput();
  const results = [];
  for (const name of input.names) results.push(yield context.df.callActivity('SayHello', name));
  return results;
});

df.app.orchestration('FanOut', function* (context) {
  const { count } = context.df.getInput();
  const tasks = [];
  for (let i = 0; i < count; i++) tasks.push(context.df.callActivity('Noop', i));
  const results = yield context.df.Task.all(tasks);
  return results.reduce((a, b) => a + b, 0);
});

df.app.orchestration('Parent', function* (context) {
  const names = context.df.getInput();
  const tasks = names.map((n, i) =>
    context.df.callSubOrchestrator('Chain', { names: [n] }, `${context.df.instanceId}-child-${i}`),
  );
  const results = yield context.df.Task.all(tasks);
  return results.flat();
});

df.app.orchestration('TimerThenHello', function* (context) {
  const { seconds } = context.df.getInput();
  const start = context.df.currentUtcDateTime;
  yield context.df.createTimer(new Date(start.getTime() + seconds * 1000));
  const after = context.df.currentUtcDateTime;
  const hello = yield context.df.callActivity('SayHello', 'timer');
  return { waitedMs: after.getTime() - start.getTime(), hello };
});

df.app.orchestration('Approval', function* (context) {
  const { timeoutSeconds } = context.df.getInput();
  context.df.setCustomStatus({ stage: 'waiting' });
  const deadline = new Date(context.df.currentUtcDateTime.getTime() + timeoutSeconds * 1000);
  const timer = context.df.createTimer(deadline);
  const approval = context.df.waitForExternalEvent('Approve');
  const winner = yield context.df.Task.any([approval, timer]);
  if (winner === approval) {
    timer.cancel();
    context.df.setCustomStatus({ stage: 'approved' });
    return { approved: true, by: approval.result };
  }
  context.df.setCustomStatus({ stage: 'timed-out' });
  return { approved: false };
});

df.app.orchestration('Retry', function* (context) {
  const { failTimes, attempts } = context.df.getInput();
  const options = new df.RetryOptions(100, attempts);
  return yield context.df.callActivityWithRetry('Flaky', options, { failTimes });
});

df.app.orchestration('CatchFailure', function* (context) {
  try {
    yield context.df.callActivity('Boom', 'caught');
    return 'not reached';
  } catch (error) {
    return { caught: true, message: error.message, isTaskFailedError: error.name === 'TaskFailedError' };
  }
});

df.app.orchestration('Uncaught', function* (context) {
  yield context.df.callActivity('Boom', 'uncaught');
  return 'not reached';
});

df.app.orchestration('Counter', function* (context) {
  const n = context.df.getInput();
  if (n >= 5) return n;
  yield context.df.callActivity('Noop', n);
  context.df.continueAsNew(n + 1);
  return undefined;
});

df.app.orchestration('SlowChain', function* (context) {
  const { steps, ms } = context.df.getInput();
  const out = [];
  for (let i = 0; i < steps; i++) out.push(yield context.df.callActivity('Slow', { ms, value: i }));
  return out;
});

df.app.orchestration('Wait', function* (context) {
  const value = yield context.df.waitForExternalEvent('Go');
  return value;
});

// Replays differently each time the process replays it: the devhost must fail it as nondeterministic.
let fickleEpisodes = 0;
df.app.orchestration('Fickle', function* (context) {
  fickleEpisodes++;
  yield context.df.callActivity(fickleEpisodes === 1 ? 'SayHello' : 'Noop', 'x');
  yield context.df.callActivity('SayHello', 'y');
  return 'not reached';
});

df.app.orchestration('NoopChain', function* (context) {
  const { count } = context.df.getInput();
  let sum = 0;
  for (let i = 0; i < count; i++) sum += yield context.df.callActivity('Noop', i);
  return sum;
});

// Races an in-flight activity a second time after an event won the first race (Azure/azure-functions-durable-js#574):
// with the project's raceTasks (from the built app) the activity is scheduled once; with plain Task.any it is not.
df.app.orchestration('RaceAgain', function* (context) {
  const { useRaceTasks } = context.df.getInput();
  const { raceTasks } = require('../../../../../dist/src/orchestrators/race.js');
  const race = useRaceTasks
    ? (tasks) => raceTasks(context, tasks)
    : function* (tasks) {
        return yield context.df.Task.any(tasks);
      };
  const slow = context.df.callActivity('Slow', { ms: 400, value: 'slow-result' });
  const first = yield* race([slow, context.df.waitForExternalEvent('Poke')]);
  const second = first === slow ? slow : yield* race([slow, context.df.waitForExternalEvent('Never')]);
  return { firstWasEvent: first !== slow, result: second.result };
});

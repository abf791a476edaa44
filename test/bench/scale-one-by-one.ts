import { API, json, startBenchStack } from './bench-stack';
import type { BenchRow } from './report';
import { memberName, progress, runStateOf, sampleStackRss, seedFleet, sleep, type RunState } from './scale-stack';

/** Simulated upgrade duration (one node of 50 ms) and the app's poll interval, as issue 17 measured them. */
const UPGRADE_SECONDS = 0.05;
const POLL_SECONDS = '0.25';
/** Members per rate window. */
const WINDOW = 200;
/** The stop is sent once this many members are left, so it finds the run busy near its end. */
const LEFT_AT_STOP = 50;
const STOP_TIMEOUT_SECONDS = Number(process.env.BENCH_SCALE_STOP_TIMEOUT_SECONDS ?? 120);
/** How often the bench asks the app whether the run is still going (a GET of the whole run: costly at 10,000). */
const STATE_CHECK_SECONDS = 30;

interface MemberStatus {
  name: string;
  status?: { state?: string; completedTime?: string };
}
type RunDoc = { properties?: { status?: { stages?: { groups?: { members?: MemberStatus[] }[] }[] } } };

/**
 * One-by-one at scale: `members` clusters and members with no update group, a run with no strategy (one stage, one
 * group of every member, one at a time), NodeImageOnly, 50 ms upgrades, 0.25 s polls (no Retry-After hints unless
 * BENCH_SCALE_POLL_HINTS=1). Measures the rate over the first 200 members and over the 200 before the stop, time to
 * the first member Completed, and stop → Stopped for a stop sent with 50 members left (or at the timeout).
 */
export async function oneByOne(members: number, timeoutSeconds: number): Promise<BenchRow[]> {
  const hints = process.env.BENCH_SCALE_POLL_HINTS === '1';
  const scenario = `one-by-one, ${members} members, ${UPGRADE_SECONDS * 1000} ms upgrades, ${POLL_SECONDS} s polls${hints ? ' + hints' : ''}`;
  const stack = await startBenchStack({ pollHints: hints, pollSeconds: POLL_SECONDS });
  const rss = sampleStackRss();
  const rows: BenchRow[] = [];
  const row = (metric: string, value: number, unit: string, goal?: string, pass?: boolean): void => {
    rows.push({ scenario, metric, value, unit, ...(goal === undefined ? {} : { goal, pass: pass ?? false }) });
  };
  try {
    const seed = await seedFleet(stack, { count: members, tags: { 'sim-node-seconds': String(UPGRADE_SECONDS) } });
    row('seed: clusters created', members / seed.clusterSeconds, 'clusters/s');
    row('seed: members created (app API, 32 in flight)', members / seed.memberSeconds, 'members/s');
    const runUrl = `${stack.fleetUrl}/updateRuns/one-by-one`;
    await json(`${runUrl}?${API}`, 'PUT', {
      properties: {
        managedClusterUpdate: { upgrade: { type: 'NodeImageOnly' }, nodeImageSelection: { type: 'Latest' } },
      },
    });
    const t0 = Date.now();
    await json(`${runUrl}/start?${API}`, 'POST');
    row('start request (POST start → answered)', (Date.now() - t0) / 1000, 's');
    const stopAt = Math.max(1, members - LEFT_AT_STOP);
    const reached = await waitForMember(stack.simUrl, runUrl, stopAt - 1, t0 + timeoutSeconds * 1000);
    const stop = await stopRun(runUrl);
    const final = (await json(`${runUrl}?${API}`)) as RunDoc;
    const times = completionTimes(final);
    progress(`one-by-one: ${times.length} members Completed; stop → ${stop.state} in ${stop.seconds.toFixed(1)} s`);

    const end = runStateOf(final).state;
    row('run state at the end', end === 'Stopped' ? 1 : 0, end);
    row('members Completed (until Stopped)', times.length, `of ${members}`);
    const first = times[0];
    const firstSeconds = first === undefined ? (Date.now() - t0) / 1000 : (first - t0) / 1000;
    row(
      'start → first member Completed',
      firstSeconds,
      first === undefined ? 's (none)' : 's',
      '<= 10',
      firstSeconds <= 10,
    );
    const firstOp = (await json(`${stack.simUrl}/simulator/operations?cluster=${memberName(0)}`)) as {
      value?: { startTime?: string }[];
    };
    const began = Date.parse(firstOp.value?.[0]?.startTime ?? '');
    if (Number.isFinite(began)) row('start → first upgrade began (simulator)', (began - t0) / 1000, 's');
    const early = rateOver(times, 0, Math.min(WINDOW, times.length - 1));
    row(`rate over members 1→${early.to + 1}`, early.rate, 'members/s');
    const late = rateOver(times, Math.max(0, times.length - 1 - WINDOW), times.length - 1);
    const atEnd = reached === 'reached' && times.length >= stopAt;
    const goal = `>= 0.9 x ${early.rate.toFixed(2)}${atEnd ? '' : ` (needs member ${stopAt}; ${reached === 'timeout' ? `timed out after ${timeoutSeconds} s` : 'the run ended'})`}`;
    row(
      `rate over members ${late.from + 1}→${late.to + 1}`,
      late.rate,
      'members/s',
      goal,
      atEnd && late.rate >= 0.9 * early.rate,
    );
    row('rate at end ÷ rate at start', early.rate > 0 ? late.rate / early.rate : 0, 'x');
    const sent =
      reached === 'reached'
        ? `with ${LEFT_AT_STOP} members left`
        : `at the ${reached === 'timeout' ? 'timeout' : 'end'}`;
    row(
      `stop → run ${stop.state || '?'} (sent ${sent})`,
      stop.seconds,
      stop.state === 'Stopped' ? 's' : stop.sent ? `s (gave up after ${STOP_TIMEOUT_SECONDS} s)` : 's (not sent)',
      `<= ${10 + UPGRADE_SECONDS}`,
      stop.state === 'Stopped' && stop.seconds <= 10 + UPGRADE_SECONDS,
    );
    row('peak RSS (devhost + bench, Azurite x2, simulator)', rss.peak() / 2 ** 20, 'MiB');
  } finally {
    rss.stop();
    await stack.stop();
  }
  return rows;
}

/**
 * Waits until the member at `index` (members go in name order: no maintenance windows) has its upgrade done in the
 * simulator, the run ends, or the deadline passes. Cheap probes: one simulator lookup a second, the run's GET rarely.
 */
async function waitForMember(
  simUrl: string,
  runUrl: string,
  index: number,
  deadline: number,
): Promise<'reached' | 'ended' | 'timeout'> {
  const target = memberName(index);
  let lastCheck = Date.now();
  let lastLog = 0;
  for (;;) {
    await sleep(1000);
    const done = (await json(`${simUrl}/simulator/operations?cluster=${target}&status=Succeeded`)) as {
      value?: unknown[];
    };
    if ((done.value?.length ?? 0) > 0) return 'reached';
    if (Date.now() > deadline) return 'timeout';
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      const running = (await json(`${simUrl}/simulator/operations?status=InProgress`)) as {
        value?: { clusterName?: string }[];
      };
      const at = running.value?.[0]?.clusterName;
      if (at) progress(`one-by-one: upgrading ${at}`);
    }
    if (Date.now() - lastCheck > STATE_CHECK_SECONDS * 1000) {
      lastCheck = Date.now();
      const { state } = runStateOf(await json(`${runUrl}?${API}`));
      if (!['Running', 'NotStarted', 'Pending'].includes(state)) return 'ended';
    }
  }
}

/** Sends a stop and waits (GET every 0.25 s, each as long as it takes) for the run to leave Running/Stopping. */
async function stopRun(runUrl: string): Promise<{ state: string; seconds: number; sent: boolean }> {
  const { state: before } = runStateOf(await json(`${runUrl}?${API}`));
  if (!['Running', 'Pending', 'Stopping'].includes(before)) return { state: before, seconds: 0, sent: false };
  const t0 = Date.now();
  try {
    await json(`${runUrl}/stop?${API}`, 'POST');
  } catch (error) {
    progress(`one-by-one: stop refused: ${String(error)}`);
    return { state: runStateOf(await json(`${runUrl}?${API}`)).state, seconds: 0, sent: false };
  }
  let state: RunState = { state: '' };
  while (Date.now() - t0 < STOP_TIMEOUT_SECONDS * 1000) {
    state = runStateOf(await json(`${runUrl}?${API}`));
    if (!['Running', 'Pending', 'Stopping'].includes(state.state)) break;
    await sleep(250);
  }
  return { state: state.state, seconds: (Date.now() - t0) / 1000, sent: true };
}

/** Every Completed member's completedTime (ms since the epoch), in order. */
function completionTimes(run: RunDoc): number[] {
  const times: number[] = [];
  for (const stage of run.properties?.status?.stages ?? []) {
    for (const group of stage.groups ?? []) {
      for (const member of group.members ?? []) {
        const at = Date.parse(member.status?.completedTime ?? '');
        if (member.status?.state === 'Completed' && Number.isFinite(at)) times.push(at);
      }
    }
  }
  return times.sort((a, b) => a - b);
}

/** Members per second between the from-th and the to-th completion (0-based). */
function rateOver(times: number[], from: number, to: number): { from: number; to: number; rate: number } {
  const a = times[from];
  const b = times[to];
  if (a === undefined || b === undefined || to <= from || b <= a) return { from, to: Math.max(from, to), rate: 0 };
  return { from, to, rate: (to - from) / ((b - a) / 1000) };
}

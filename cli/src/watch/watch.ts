import { moveCursor, clearScreenDown } from 'node:readline';
import type { Resource } from '../arm/resources';
import { CliError } from '../errors';
import { applyQuery } from '../output/format';
import type { Session } from '../session';
import { changeLine, isFinished, runErrorOf, runStateOf, runTree, treeLines, type TreeNode } from './run-tree';

/** az's generic wait conditions (`--created` …); `{ custom }` is a JMESPath that must hold of the resource. */
export type WaitCondition = 'created' | 'updated' | 'deleted' | 'exists';

export interface WatchOptions {
  intervalSeconds: number;
  timeoutSeconds?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Draws the run: redrawn in place on a terminal, one appended line per change otherwise. */
class RunView {
  private drawn = 0;
  private readonly seen = new Map<string, string>();

  constructor(private readonly out: NodeJS.WriteStream) {}

  show(run: Resource): void {
    const now = Date.now();
    const nodes = runTree(run);
    if (this.out.isTTY) this.redraw(treeLines(nodes, now));
    else for (const n of nodes.filter((n) => this.changed(n))) this.out.write(`${changeLine(n, now)}\n`);
  }

  private changed(n: TreeNode): boolean {
    const signature = `${n.state}|${n.message}`;
    if (this.seen.get(n.path) === signature) return false;
    this.seen.set(n.path, signature);
    return true;
  }

  private redraw(lines: string[]): void {
    const columns = this.out.columns > 0 ? this.out.columns : 200;
    if (this.drawn > 0) moveCursor(this.out, 0, -this.drawn);
    clearScreenDown(this.out);
    // A line wider than the terminal wraps, and the next redraw would go up too few lines.
    this.out.write(lines.map((line) => `${line.slice(0, columns - 1)}\n`).join(''));
    this.drawn = lines.length;
  }
}

/** Polls the run until it ends (or `timeoutSeconds`), drawing it each time; answers the last run read. */
async function follow(session: Session, path: string, options: WatchOptions): Promise<Resource> {
  const view = new RunView(session.stdout);
  const deadline = options.timeoutSeconds === undefined ? Infinity : Date.now() + options.timeoutSeconds * 1000;
  for (;;) {
    const run = await session.arm.get(path);
    view.show(run);
    if (isFinished(runStateOf(run))) return run;
    if (Date.now() + options.intervalSeconds * 1000 > deadline) {
      throw new CliError('WaitTimeout', `Wait operation timed-out after ${options.timeoutSeconds} seconds`);
    }
    await sleep(options.intervalSeconds * 1000);
  }
}

/** `updaterun show --watch`: the live tree until the run ends; prints nothing else. */
export async function watchRun(session: Session, path: string, options: WatchOptions): Promise<undefined> {
  await follow(session, path, options);
  return undefined;
}

/** `updaterun wait`: until the run ends (a failure unless it Completed or was Skipped), or until a condition. */
export async function waitForRun(
  session: Session,
  path: string,
  options: WatchOptions & { condition?: WaitCondition | { custom: string } | undefined },
): Promise<undefined> {
  if (options.condition !== undefined) {
    await until(session, path, options, options.condition);
    return undefined;
  }
  const run = await follow(session, path, options);
  const state = runStateOf(run);
  if (state === 'Failed') {
    throw new CliError('UpdateRunFailed', `The update run failed: ${runErrorOf(run) ?? 'see its members'}`);
  }
  if (state === 'Stopped') throw new CliError('UpdateRunStopped', 'The update run was stopped.');
  return undefined;
}

async function until(
  session: Session,
  path: string,
  options: WatchOptions,
  condition: WaitCondition | { custom: string },
): Promise<void> {
  const deadline = Date.now() + (options.timeoutSeconds ?? 3600) * 1000;
  for (;;) {
    if (await holds(session, path, condition)) return;
    if (Date.now() + options.intervalSeconds * 1000 > deadline) {
      throw new CliError('WaitTimeout', `Wait operation timed-out after ${options.timeoutSeconds} seconds`);
    }
    await sleep(options.intervalSeconds * 1000);
  }
}

async function holds(session: Session, path: string, condition: WaitCondition | { custom: string }): Promise<boolean> {
  const exists = await session.arm.exists(path);
  if (condition === 'deleted') return !exists;
  if (!exists) return false;
  if (condition === 'exists') return true;
  const run = await session.arm.get(path);
  if (typeof condition === 'object') return isTruthy(applyQuery(run, condition.custom));
  const state = (run.properties as { provisioningState?: string } | undefined)?.provisioningState;
  return state === undefined || state === 'Succeeded';
}

/** JMESPath truthiness: false, null, '', [] and {} are false. */
function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

import { ActivityRunner } from './activity-runner';
import { CheckpointWriter } from './checkpoint-writer';
import type { Clock } from './clock';
import { TimerService } from './clock';
import type { EngineCore } from './engine-core';
import { EpisodeRunner } from './episode-runner';
import type { HistoryEvent } from './history';
import type { LoadedInstance } from './instance';
import { InstanceRecovery } from './instance-recovery';
import { InstanceRequests } from './instance-requests';
import type { DurableStore, InstanceRecord, ParentRef } from './store';
import { SummaryWriter } from './summary-writer';
import { TimeSkipper } from './time-skipper';
import { WorkDispatcher } from './work-dispatcher';
import type { FunctionHost } from '../host/function-host';
import type { VirtualTime } from '../timers/timer-clock';

export { InstanceStateError } from './instance-requests';

export interface EngineOptions {
  host: FunctionHost;
  store: DurableStore;
  clock: Clock;
  maxConcurrentActivities: number;
  verbose: boolean;
  log: (message: string) => void;
}

/**
 * The orchestration engine: runs episodes through the app's orchestrator functions, turns actions into
 * history and work, runs activities and timers, and recovers everything from storage after a crash.
 *
 * The engine decides when an instance runs an episode (one at a time per instance) and owns the instances in
 * memory; its parts do the rest: InstanceRequests (create, client events), EpisodeRunner (one episode),
 * CheckpointWriter (commit, finish, continue-as-new), WorkDispatcher (timers, activities, sub-orchestrations,
 * parent notification), InstanceRecovery (load and redispatch) and TimeSkipper. Each part sees the engine only
 * as an EngineCore.
 */
export class DurableEngine implements EngineCore {
  readonly instances = new Map<string, LoadedInstance>();
  readonly timers: TimerService;
  readonly stats = { episodes: 0 };

  /** Activity executions so far (a re-run after a crash counts again). */
  get activitiesExecuted(): number {
    return this.#activities.executed;
  }
  #activeEpisodes = 0;
  /** Work the engine does not run but must wait for before skipping time (timer trigger invocations). */
  #externalWork = 0;
  #stopped = false;
  readonly #skipper: TimeSkipper;
  readonly #activities: ActivityRunner;
  readonly #requests: InstanceRequests;
  readonly #episodes: EpisodeRunner;
  readonly #recovery: InstanceRecovery;

  constructor(private readonly options: EngineOptions) {
    this.timers = new TimerService(options.clock);
    this.#skipper = new TimeSkipper(options.clock, this.timers, this);
    this.#activities = new ActivityRunner(
      options.host,
      options.maxConcurrentActivities,
      () => options.clock.now(),
      () => this.#skipper.maybeSkip(),
    );
    const summaries = new SummaryWriter(options.store, options.log);
    this.#requests = new InstanceRequests(this, options.host);
    const dispatcher = new WorkDispatcher({
      engine: this,
      timers: this.timers,
      activities: this.#activities,
      requests: this.#requests,
    });
    this.#episodes = new EpisodeRunner({
      clock: options.clock,
      host: options.host,
      checkpoints: new CheckpointWriter(this, summaries, dispatcher),
      dispatcher,
      stats: this.stats,
      verbose: options.verbose,
      log: options.log,
    });
    this.#recovery = new InstanceRecovery(this, summaries, dispatcher);
  }

  get clock(): Clock {
    return this.options.clock;
  }

  get store(): DurableStore {
    return this.options.store;
  }

  /** Loads every unfinished instance and re-creates its outstanding work (at-least-once for activities). */
  recover(): Promise<number> {
    return this.#recovery.recoverAll();
  }

  /** Creates a new instance (client start or sub-orchestration). */
  createInstance(
    name: string,
    instanceId: string,
    input: string | null,
    parent: ParentRef | null,
  ): Promise<InstanceRecord> {
    return this.#requests.create(name, instanceId, input, parent);
  }

  /** Accepts a client event (raise, terminate, suspend, resume): durable before it is acknowledged. */
  sendEvent(instanceId: string, e: HistoryEvent): Promise<void> {
    return this.#requests.sendEvent(instanceId, e);
  }

  stop(): void {
    this.#stopped = true;
    this.timers.stop();
    this.#activities.stop();
    this.#skipper.stop();
  }

  /** True when no episode or activity is running or queued. */
  get idle(): boolean {
    return (
      this.#activities.idle &&
      this.#activeEpisodes === 0 &&
      this.#externalWork === 0 &&
      ![...this.instances.values()].some((i) => i.queued || i.busy)
    );
  }

  /** The engine's clock and timers for timer triggers: under time-skipping their occurrences are jumped to too. */
  virtualTime(): VirtualTime {
    return {
      clock: this.options.clock,
      timers: this.timers,
      run: async (work) => {
        this.#externalWork += 1;
        try {
          return await work();
        } finally {
          this.#externalWork -= 1;
          this.#skipper.maybeSkip();
        }
      },
      nudge: () => this.#skipper.maybeSkip(),
    };
  }

  /** Queues an episode for the instance; a no-op when one is queued already or the engine has stopped. */
  schedule(instance: LoadedInstance): void {
    if (this.#stopped || instance.queued) return;
    instance.queued = true;
    this.#activeEpisodes++;
    setImmediate(() => {
      this.#activeEpisodes--;
      void this.#runEpisode(instance);
    });
  }

  async #runEpisode(instance: LoadedInstance): Promise<void> {
    instance.queued = false;
    if (instance.busy) return; // the running episode re-schedules itself when it sees new work
    if (!instance.hasWork || this.#stopped) return this.#skipper.maybeSkip();
    instance.busy = true;
    try {
      await this.#episodes.run(instance);
    } catch (error) {
      this.options.log(
        `[durable] episode of ${instance.id} failed to commit: ${error instanceof Error ? error.stack : String(error)}`,
      );
      // Reload from storage: what was not committed is recomputed from history.
      await this.#recovery.reload(instance.id);
    } finally {
      instance.busy = false;
    }
    if (this.instances.get(instance.id) === instance && (instance.pending.length > 0 || instance.inbox.length > 0))
      this.schedule(instance);
    this.#skipper.maybeSkip();
  }
}

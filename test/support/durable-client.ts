import { expect } from 'vitest';

/** The status JSON of the Durable HTTP management API. */
export interface InstanceStatus {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  historyEvents?: Record<string, unknown>[];
}

const TERMINAL = ['Completed', 'Failed', 'Terminated'];

/** Talks to a devhost's `/runtime/webhooks/durabletask` API. */
export class DurableApi {
  constructor(readonly baseUrl: string) {}

  async start(orchestrator: string, input?: unknown, instanceId?: string): Promise<string> {
    const response = await fetch(
      `${this.baseUrl}/runtime/webhooks/durabletask/orchestrators/${orchestrator}${instanceId ? `/${instanceId}` : ''}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: input === undefined ? undefined : JSON.stringify(input),
      },
    );
    expect(response.status).toBe(202);
    return ((await response.json()) as { id: string }).id;
  }

  async status(instanceId: string, query = ''): Promise<InstanceStatus | undefined> {
    const response = await fetch(`${this.baseUrl}/runtime/webhooks/durabletask/instances/${instanceId}?${query}`);
    if (response.status === 404) return undefined;
    return (await response.json()) as InstanceStatus;
  }

  async post(instanceId: string, action: string, body?: unknown): Promise<number> {
    const response = await fetch(`${this.baseUrl}/runtime/webhooks/durabletask/instances/${instanceId}/${action}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** Polls until `predicate` holds (default: a terminal state); fails with the last status after `timeoutMs`. */
  async waitFor(
    instanceId: string,
    predicate: (status: InstanceStatus) => boolean = (s) => TERMINAL.includes(s.runtimeStatus),
    timeoutMs = 30_000,
  ): Promise<InstanceStatus> {
    const deadline = Date.now() + timeoutMs;
    let last: InstanceStatus | undefined;
    while (Date.now() < deadline) {
      last = await this.status(instanceId);
      if (last && predicate(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`instance ${instanceId} did not reach the expected state; last status: ${JSON.stringify(last)}`);
  }
}

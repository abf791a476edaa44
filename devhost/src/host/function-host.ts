import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CoreRegistry, installCoreModule, type RegisteredFunction } from './core-module';
import { loadEntryPoints } from './app-loader';
import type {
  CoreInvocationContext,
  FunctionCallback,
  RpcBindingInfo,
  RpcInvocationResponse,
  RpcLogCategory,
  RpcLogLevel,
  RpcParameterBinding,
  RpcTypedData,
} from './core-types';

export const HOST_VERSION = '4.1040.0';

/** The worker's default capabilities, sent to `getCapabilities` (durable-host-protocol.md §1.4). */
const WORKER_CAPABILITIES: Record<string, string> = {
  RawHttpBodyBytes: 'true',
  RpcHttpTriggerMetadataRemoved: 'true',
  RpcHttpBodyOnly: 'true',
  IgnoreEmptyValuedRpcHttpHeaders: 'true',
  UseNullableValueDictionaryForHttp: 'true',
  WorkerStatus: 'true',
  TypedDataCollection: 'true',
  HandlesWorkerTerminateMessage: 'true',
};

/** One log line per invocation, and user/system log lines. */
export interface HostLogger {
  invocation(entry: {
    functionName: string;
    invocationId: string;
    durationMs: number;
    outcome: 'Succeeded' | 'Failed';
    error?: string;
  }): void;
  log(level: RpcLogLevel, category: RpcLogCategory, message: string, functionName?: string): void;
}

/** Supplies the value of a non-trigger input binding (e.g. `durableClient`) for one invocation. */
export type InputProvider = (binding: RpcBindingInfo, functionName: string) => RpcTypedData | undefined;

export interface InvokeRequest {
  /** Data for the trigger binding. */
  trigger: RpcTypedData | undefined;
  triggerMetadata?: Record<string, RpcTypedData>;
  retryContext?: { retryCount: number; maxRetryCount: number };
  invocationId?: string;
}

/** Outcome of one invocation: the RPC response, or the error the function (or a hook) threw. */
export type InvokeResult = { ok: true; response: RpcInvocationResponse } | { ok: false; error: unknown };

/** A loaded function app: registry of functions, hooks and the programming model, plus invocation. */
export class FunctionHost {
  readonly registry: CoreRegistry;
  readonly appHookData: Record<string, unknown> = {};
  readonly inputProviders = new Map<string, InputProvider>();
  capabilities: Record<string, string> = {};
  #started = false;

  constructor(
    readonly appDir: string,
    private readonly logger: HostLogger,
  ) {
    this.registry = new CoreRegistry((level, category, message) => this.logger.log(level, category, message));
  }

  /** Installs the core module, loads the entry points, runs appStart hooks and locks registration. */
  async start(): Promise<void> {
    if (this.#started) throw new Error('FunctionHost already started');
    this.#started = true;
    installCoreModule(this.registry.createModule(HOST_VERSION));
    await loadEntryPoints(this.appDir);
    for (const hook of this.registry.hooks.appStart) {
      await hook({ hookData: {}, appHookData: this.appHookData, functionAppDirectory: this.appDir });
    }
    const model = this.registry.programmingModel;
    if (!model) throw new Error(`The app in ${this.appDir} registered no programming model (no @azure/functions app?)`);
    if (model.getCapabilities) this.capabilities = await model.getCapabilities({ ...WORKER_CAPABILITIES });
    if (this.capabilities.HttpUri) {
      throw new Error('HTTP streaming (app.setup({ enableHttpStream: true })) is not supported by the devhost');
    }
    this.registry.locked = true;
  }

  async stop(): Promise<void> {
    for (const hook of this.registry.hooks.appTerminate) {
      await hook({ hookData: {}, appHookData: this.appHookData });
    }
  }

  get functions(): Map<string, RegisteredFunction> {
    return this.registry.functions;
  }

  /** The trigger binding of a function: its name (a generated hash) and options. */
  triggerOf(functionName: string): { name: string; binding: RpcBindingInfo } {
    const fn = this.functions.get(functionName);
    if (!fn) throw new Error(`The function '${functionName}' doesn't exist.`);
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      if (binding.direction === 'in' && /trigger$/i.test(binding.type ?? '')) return { name, binding };
    }
    throw new Error(`The function '${functionName}' has no trigger binding`);
  }

  /** Functions whose trigger type is `type` (case-insensitive, e.g. 'httpTrigger'). */
  functionsWithTrigger(type: string): RegisteredFunction[] {
    return [...this.functions.values()].filter((fn) =>
      Object.values(fn.metadata.bindings).some(
        (binding) => binding.direction === 'in' && (binding.type ?? '').toLowerCase() === type.toLowerCase(),
      ),
    );
  }

  /** Invokes a function exactly as the Node worker does: invocation model, hooks, RPC data in and out. */
  async invoke(functionName: string, request: InvokeRequest): Promise<InvokeResult> {
    const fn = this.functions.get(functionName);
    if (!fn) return { ok: false, error: new Error(`The function '${functionName}' doesn't exist.`) };
    const model = this.registry.programmingModel;
    if (!model) return { ok: false, error: new Error('No programming model registered') };
    const invocationId = request.invocationId ?? randomUUID();
    const started = performance.now();
    const inputData: RpcParameterBinding[] = [];
    const trigger = this.triggerOf(functionName);
    inputData.push(
      request.trigger === undefined ? { name: trigger.name } : { name: trigger.name, data: request.trigger },
    );
    for (const [name, binding] of Object.entries(fn.metadata.bindings)) {
      if (name === trigger.name || binding.direction !== 'in') continue;
      const provider = this.inputProviders.get((binding.type ?? '').toLowerCase());
      const data = provider?.(binding, functionName);
      if (data !== undefined) inputData.push({ name, data });
    }
    const coreContext: CoreInvocationContext = {
      invocationId,
      metadata: fn.metadata,
      request: {
        invocationId,
        functionId: functionName,
        inputData,
        triggerMetadata: request.triggerMetadata ?? {},
        retryContext: request.retryContext,
      },
      log: (level, category, message) => this.logger.log(level, category, message, functionName),
    };
    try {
      const invocationModel = model.getInvocationModel(coreContext);
      const { context, inputs } = await invocationModel.getArguments();
      const hookData: Record<string, unknown> = {};
      const pre: Record<string, unknown> = {
        hookData,
        appHookData: this.appHookData,
        invocationContext: context,
        inputs,
        functionCallback: fn.callback,
      };
      coreContext.state = 'preInvocationHooks';
      for (const hook of this.registry.hooks.preInvocation) await hook(pre);
      coreContext.state = undefined;
      const finalInputs = pre.inputs as unknown[];
      const post: Record<string, unknown> = {
        hookData,
        appHookData: this.appHookData,
        invocationContext: context,
        inputs: finalInputs,
        result: null,
        error: null,
      };
      coreContext.state = 'invocation';
      try {
        post.result = await invocationModel.invokeFunction(
          context,
          finalInputs,
          pre.functionCallback as FunctionCallback,
        );
      } catch (error) {
        post.error = error;
      }
      coreContext.state = 'postInvocationHooks';
      for (const hook of this.registry.hooks.postInvocation) await hook(post);
      coreContext.state = undefined;
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows whatever the function threw
      if (post.error != null) throw post.error;
      const response = await invocationModel.getResponse(context, post.result);
      this.logger.invocation({
        functionName,
        invocationId,
        durationMs: performance.now() - started,
        outcome: 'Succeeded',
      });
      return { ok: true, response };
    } catch (error) {
      this.logger.invocation({
        functionName,
        invocationId,
        durationMs: performance.now() - started,
        outcome: 'Failed',
        error: error instanceof Error ? error.message.split('\n')[0] : String(error),
      });
      return { ok: false, error };
    }
  }
}

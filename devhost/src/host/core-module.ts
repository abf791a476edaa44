import Module from 'node:module';
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
  RpcLogCategory,
  RpcLogLevel,
} from './core-types';

const HOOK_NAMES: readonly HookName[] = ['preInvocation', 'postInvocation', 'appStart', 'appTerminate', 'log'];

/** What `Disposable` is in the worker: a callback run once on dispose. */
export class Disposable {
  #callback: (() => void) | undefined;
  constructor(callback: () => void) {
    this.#callback = callback;
  }
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.#callback?.();
    this.#callback = undefined;
  }
}

/** A function as the app registered it. */
export interface RegisteredFunction {
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

/** The state behind the `@azure/functions-core` module: what the app registered. */
export class CoreRegistry {
  readonly functions = new Map<string, RegisteredFunction>();
  readonly hooks: Record<HookName, HookCallback[]> = {
    preInvocation: [],
    postInvocation: [],
    appStart: [],
    appTerminate: [],
    log: [],
  };
  programmingModel: ProgrammingModel | undefined;
  locked = false;

  constructor(private readonly systemLog: (level: RpcLogLevel, category: RpcLogCategory, message: string) => void) {}

  /** The object handed to `require('@azure/functions-core')`. */
  createModule(hostVersion: string): Record<string, unknown> {
    return {
      version: `devhost-${hostVersion}`,
      get hostVersion() {
        return hostVersion;
      },
      Disposable,
      registerFunction: (metadata: FunctionMetadata, callback: FunctionCallback): Disposable => {
        if (this.locked) throw new Error('A function can only be registered during app startup.');
        const id = metadata.functionId ?? metadata.name;
        if (this.functions.has(id)) throw new Error(`A function with id "${id}" has already been registered.`);
        this.functions.set(id, { metadata, callback });
        return new Disposable(() => this.functions.delete(id));
      },
      setProgrammingModel: (model: ProgrammingModel): void => {
        this.programmingModel = model;
      },
      getProgrammingModel: (): ProgrammingModel | undefined => this.programmingModel,
      registerHook: (name: HookName, callback: HookCallback): Disposable => {
        if (!HOOK_NAMES.includes(name)) throw new RangeError(`Unrecognized hook "${String(name)}"`);
        this.hooks[name].push(callback);
        return new Disposable(() => {
          const list = this.hooks[name];
          const index = list.indexOf(callback);
          if (index >= 0) list.splice(index, 1);
        });
      },
      log: (level: RpcLogLevel, category: RpcLogCategory, message: string): void =>
        this.systemLog(level, category, message),
    };
  }
}

let installed: Record<string, unknown> | undefined;

/**
 * Makes `require('@azure/functions-core')` return `coreModule` in this process, the way the Node worker does
 * (it is not an npm package; the worker injects it). Only one app per process.
 */
export function installCoreModule(coreModule: Record<string, unknown>): void {
  if (installed) throw new Error('@azure/functions-core is already installed in this process');
  installed = coreModule;
  const proto = Module.prototype as unknown as { require: (id: string) => unknown };
  const originalRequire = proto.require;
  proto.require = new Proxy(originalRequire, {
    apply(target, thisArg: unknown, args: [string]) {
      if (args[0] === '@azure/functions-core') return installed;
      return Reflect.apply(target, thisArg, args);
    },
  });
}

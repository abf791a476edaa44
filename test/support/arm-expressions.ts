/**
 * Evaluates the ARM template expressions (`"[format('{0}', parameters('x'))]"`) of the values a test reads, with
 * deployment functions (resourceGroup(), environment(), reference(), listKeys() …) answered by a stand-in
 * deployment. Enough of the language for app settings; lambdas and the rest are refused, so a test notices.
 */
export type ArmFunction = (...args: unknown[]) => unknown;

/** A stand-in deployment: parameter values, the template's variables and what Azure would answer. */
export interface ArmScope {
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
  functions?: Record<string, ArmFunction>;
}

const TOKEN = /\s*(?:('(?:[^']|'')*')|(-?\d+)|([A-Za-z_][\w]*)|([(),.[\]]))/y;

type Token = { kind: 'string' | 'number' | 'name' | 'punct'; text: string };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.trimEnd().length) {
    const match = TOKEN.exec(source);
    if (!match) throw new Error(`cannot read ARM expression at ${TOKEN.lastIndex}: ${source}`);
    const [, str, num, name, punct] = match;
    if (str !== undefined) tokens.push({ kind: 'string', text: str.slice(1, -1).replaceAll("''", "'") });
    else if (num !== undefined) tokens.push({ kind: 'number', text: num });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name });
    else tokens.push({ kind: 'punct', text: punct ?? '' });
  }
  return tokens;
}

const BUILT_INS: Record<string, (scope: ArmScope, ...args: unknown[]) => unknown> = {
  parameters: (scope, name) => lookup(scope.parameters, name, 'parameter'),
  variables: (scope, name) => evaluate(lookup(scope.variables, name, 'variable'), scope),
  string: (_scope, value) => (typeof value === 'string' ? value : JSON.stringify(value)),
  concat: (_scope, ...parts) => parts.map(String).join(''),
  join: (_scope, items, separator) => {
    if (!Array.isArray(items)) throw new Error('join() takes an array');
    return items.join(String(separator));
  },
  format: (_scope, template, ...args) =>
    String(template).replace(/\{(\d+)\}/g, (_all, index: string) => String(args[Number(index)])),
  createArray: (_scope, ...items) => items,
};

/** The value of a template value: expressions in strings evaluated, arrays and objects evaluated deeply. */
export function evaluate(value: unknown, scope: ArmScope): unknown {
  if (Array.isArray(value)) return value.map((item) => evaluate(item, scope));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluate(item, scope)]));
  }
  if (typeof value !== 'string' || !value.startsWith('[') || value.startsWith('[[')) return value;
  const tokens = tokenize(value.slice(1, -1));
  let at = 0;
  const next = (): Token => {
    const token = tokens[at++];
    if (!token) throw new Error(`ARM expression ends early: ${value}`);
    return token;
  };
  const expect = (text: string): void => {
    if (next().text !== text) throw new Error(`expected ${text} in ${value}`);
  };
  const expression = (): unknown => {
    const token = next();
    let result: unknown;
    if (token.kind === 'string') result = token.text;
    else if (token.kind === 'number') result = Number(token.text);
    else if (token.kind === 'name' && (token.text === 'true' || token.text === 'false')) result = token.text === 'true';
    else if (token.kind === 'name') {
      expect('(');
      const args: unknown[] = [];
      while (tokens[at]?.text !== ')') {
        args.push(expression());
        if (tokens[at]?.text === ',') at++;
      }
      expect(')');
      const builtIn = BUILT_INS[token.text];
      const stand = scope.functions?.[token.text];
      if (builtIn) result = builtIn(scope, ...args);
      else if (stand) result = stand(...args);
      else throw new Error(`ARM function ${token.text}() has no stand-in here`);
    } else throw new Error(`unexpected ${token.text} in ${value}`);
    for (;;) {
      if (tokens[at]?.text === '.') {
        at++;
        result = lookup(result, next().text, 'property');
      } else if (tokens[at]?.text === '[') {
        at++;
        const index = expression();
        expect(']');
        result = lookup(result, index, 'index');
      } else return result;
    }
  };
  const result = expression();
  if (at !== tokens.length) throw new Error(`unread tokens in ${value}`);
  return result;
}

function lookup(container: unknown, key: unknown, what: string): unknown {
  if (container === null || typeof container !== 'object' || !(String(key) in container)) {
    throw new Error(`no ${what} ${String(key)}`);
  }
  return Reflect.get(container, String(key));
}

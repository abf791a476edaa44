/** A route constraint as ASP.NET Core's DefaultInlineConstraintResolver builds it: a test on the route value. */
export type RouteConstraint = (value: string) => boolean;

const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GUID_RES = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^[0-9a-f]{32}$/i,
  /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i,
  /^\([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\)$/i,
];
// DateTime.TryParse (invariant culture) accepts many shapes; these are the ones URLs carry in practice.
const DATE_RES = [
  /^\d{4}-\d{1,2}-\d{1,2}([T ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,7})?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i,
  /^\d{1,2}\/\d{1,2}\/\d{4}( \d{1,2}:\d{2}(:\d{2})?)?$/,
];
const INT32 = [-(2n ** 31n), 2n ** 31n - 1n] as const;
const INT64 = [-(2n ** 63n), 2n ** 63n - 1n] as const;

function integerIn(value: string, [min, max]: readonly [bigint, bigint]): boolean {
  if (!INT_RE.test(value)) return false;
  const n = BigInt(value);
  return n >= min && n <= max;
}

function isFloat(value: string): boolean {
  return FLOAT_RE.test(value) && Number.isFinite(Number(value));
}

function isDate(value: string): boolean {
  return DATE_RES.some((re) => re.test(value)) && !Number.isNaN(Date.parse(value.replace(/\s+(?=[+-])/, '')));
}

function int64Arg(name: string, raw: string | undefined): bigint {
  if (raw === undefined || !INT_RE.test(raw.trim())) throw new Error(`Route constraint '${name}' needs an integer`);
  return BigInt(raw.trim());
}

function args(name: string, raw: string | undefined, count: number[]): string[] {
  const list = raw === undefined ? [] : raw.split(',');
  if (!count.includes(list.length)) {
    throw new Error(`Route constraint '${name}' takes ${count.join(' or ')} argument(s), got ${list.length}`);
  }
  return list;
}

/** Resolves one inline constraint (`int`, `range(1,9)`, `regex(^a$)` …); unknown names throw, as in ASP.NET Core. */
export function resolveConstraint(text: string): RouteConstraint {
  const open = text.indexOf('(');
  const name = (open < 0 ? text : text.slice(0, open)).trim().toLowerCase();
  const raw = open < 0 ? undefined : text.slice(open + 1, text.endsWith(')') ? -1 : undefined);
  if (open >= 0 && !text.endsWith(')')) throw new Error(`Route constraint '${text}' is missing ')'`);
  switch (name) {
    case 'int':
      return (v) => integerIn(v, INT32);
    case 'long':
      return (v) => integerIn(v, INT64);
    case 'bool':
      return (v) => /^(true|false)$/i.test(v);
    case 'guid':
      return (v) => GUID_RES.some((re) => re.test(v));
    case 'alpha':
      return (v) => /^[a-z]*$/i.test(v);
    case 'datetime':
      return isDate;
    case 'double':
    case 'float':
    case 'decimal':
      return isFloat;
    case 'required':
      return (v) => v.length > 0;
    case 'min': {
      const [min] = args(name, raw, [1]).map((a) => int64Arg(name, a)) as [bigint];
      return (v) => integerIn(v, INT64) && BigInt(v) >= min;
    }
    case 'max': {
      const [max] = args(name, raw, [1]).map((a) => int64Arg(name, a)) as [bigint];
      return (v) => integerIn(v, INT64) && BigInt(v) <= max;
    }
    case 'range': {
      const [min, max] = args(name, raw, [2]).map((a) => int64Arg(name, a)) as [bigint, bigint];
      return (v) => integerIn(v, INT64) && BigInt(v) >= min && BigInt(v) <= max;
    }
    case 'length': {
      const bounds = args(name, raw, [1, 2]).map((a) => Number(int64Arg(name, a)));
      const [min, max] = bounds.length === 1 ? [bounds[0] ?? 0, bounds[0] ?? 0] : [bounds[0] ?? 0, bounds[1] ?? 0];
      return (v) => v.length >= min && v.length <= max;
    }
    case 'minlength': {
      const [min] = args(name, raw, [1]).map((a) => Number(int64Arg(name, a))) as [number];
      return (v) => v.length >= min;
    }
    case 'maxlength': {
      const [max] = args(name, raw, [1]).map((a) => Number(int64Arg(name, a))) as [number];
      return (v) => v.length <= max;
    }
    case 'regex': {
      if (raw === undefined) throw new Error(`Route constraint 'regex' needs a pattern`);
      // ASP.NET Core uses IsMatch (not anchored), ignore-case, culture-invariant.
      const re = new RegExp(raw, 'i');
      return (v) => re.test(v);
    }
    default:
      throw new Error(`The route constraint '${name}' is not supported (from '${text}')`);
  }
}

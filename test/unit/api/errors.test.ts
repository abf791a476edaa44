import { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponse } from '../../../src/api/error-response';
import { ArmError, STATUS_BY_CODE } from '../../../src/api/errors';

describe('errorResponse', () => {
  it('turns a ZodError into a 400 with one detail per issue, targeted at the field path', () => {
    const schema = z.object({ properties: z.object({ stages: z.array(z.object({ name: z.string() })) }) });
    const result = schema.safeParse({ properties: { stages: [{ name: 1 }, {}] } });
    expect(result.success).toBe(false);
    const response = errorResponse(result.error);
    expect(response.status).toBe(400);
    expect(response.jsonBody).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "InvalidRequestContent",
          "details": [
            {
              "code": "InvalidParameter",
              "message": "Invalid input: expected string, received number",
              "target": "properties.stages[0].name",
            },
            {
              "code": "InvalidParameter",
              "message": "Invalid input: expected string, received undefined",
              "target": "properties.stages[1].name",
            },
          ],
          "message": "The request is invalid: 2 fields failed validation.",
          "target": "properties.stages[0].name",
        },
      }
    `);
  });

  it('names each unknown field of a strict object in its own detail, and a refused field as InvalidRequestContent', () => {
    const schema = z.strictObject({
      properties: z.strictObject({ name: z.string(), old: z.never({ error: 'is not available' }).optional() }),
    });
    const result = schema.safeParse({ extra: 1, properties: { name: 'a', old: 'x', foo: 1, bar: 2 } });
    expect(result.success).toBe(false);
    expect(errorResponse(result.error).jsonBody).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "InvalidRequestContent",
          "details": [
            {
              "code": "InvalidRequestContent",
              "message": "is not available",
              "target": "properties.old",
            },
            {
              "code": "InvalidRequestContent",
              "message": "is not a known field; check its spelling and the api-version",
              "target": "properties.foo",
            },
            {
              "code": "InvalidRequestContent",
              "message": "is not a known field; check its spelling and the api-version",
              "target": "properties.bar",
            },
            {
              "code": "InvalidRequestContent",
              "message": "is not a known field; check its spelling and the api-version",
              "target": "extra",
            },
          ],
          "message": "The request is invalid: 4 fields failed validation.",
          "target": "properties.old",
        },
      }
    `);
  });

  it('hides unknown failures behind a generic 500 InternalError without a stack', () => {
    const response = errorResponse(new TypeError('secret detail at /srv/app.js:12'), new InvocationContext());
    expect(response.status).toBe(500);
    expect(JSON.stringify(response.jsonBody)).not.toContain('secret');
    expect(response.jsonBody).toMatchObject({ error: { code: 'InternalError' } });
  });

  it('maps every code through the one status table', () => {
    for (const code of Object.keys(STATUS_BY_CODE) as Array<keyof typeof STATUS_BY_CODE>) {
      expect(errorResponse(new ArmError(code, 'x')).status).toBe(STATUS_BY_CODE[code]);
    }
  });
});

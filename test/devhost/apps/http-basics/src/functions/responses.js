const { app, HttpResponse } = require('@azure/functions');

app.http('json', {
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const input = await request.json();
    return { status: 201, jsonBody: { received: input }, headers: { 'x-custom': 'yes' } };
  },
});

app.http('binary', {
  methods: ['POST'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const bytes = Buffer.from(await request.arrayBuffer());
    return { body: Buffer.from(bytes).reverse(), headers: { 'content-type': 'application/octet-stream' } };
  },
});

app.http('cookies', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (request) => {
    const response = new HttpResponse({ status: 200, body: `you sent: ${request.headers.get('cookie') ?? ''}` });
    response.cookies.push({ name: 'session', value: 'abc 123', httpOnly: true, sameSite: 'Lax', path: '/api' });
    response.cookies.push({ name: 'theme', value: 'dark', maxAge: 3600, secure: true });
    return response;
  },
});

app.http('status', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'status/{code:range(100,599)}',
  handler: async (request) => ({ status: Number(request.params.code), body: `status ${request.params.code}` }),
});

app.http('throws', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => {
    throw new Error('boom from the handler');
  },
});

app.http('nothing', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async (_request, context) => {
    context.log('returning nothing');
  },
});

/** A document serialized and compressed once, sent many times, as the fleet API does with a run's document. */
const prepared = {
  plain: Buffer.from(JSON.stringify({ items: Array.from({ length: 20000 }, (_, i) => `item-${i}`) })),
};
prepared.gzip = require('node:zlib').gzipSync(prepared.plain, { level: 1 });
const oneChunk = (bytes) =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });

app.http('prepared', {
  methods: ['GET'],
  authLevel: 'anonymous',
  route: 'prepared/{encoding:alpha}/{as:alpha}',
  handler: async (request) => {
    const { encoding, as } = request.params;
    const bytes = prepared[encoding];
    const headers = {
      'content-type': 'application/json',
      ...(encoding === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
    return { body: as === 'stream' ? oneChunk(bytes) : bytes, headers };
  },
});

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

const { app } = require('@azure/functions');

/** Echoes what the handler saw, so tests can check the request the devhost built. */
async function echo(request, context) {
  const query = {};
  for (const key of new Set(request.query.keys())) query[key] = request.query.getAll(key);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  return {
    jsonBody: {
      functionName: context.functionName,
      method: request.method,
      url: request.url,
      params: request.params,
      query,
      headers: Object.fromEntries(request.headers),
      bodyText: body === undefined ? null : body.toString('utf8'),
      bodyLength: body === undefined ? null : body.length,
    },
  };
}

app.http('echo', {
  methods: ['GET', 'POST', 'PUT'],
  authLevel: 'anonymous',
  route: 'Echo/{id:int}/{tag?}',
  handler: echo,
});
app.http('itemByName', { methods: ['GET'], authLevel: 'anonymous', route: 'items/{name:alpha}', handler: echo });
app.http('itemSpecial', { methods: ['GET'], authLevel: 'anonymous', route: 'items/special', handler: echo });
app.http('itemAny', { methods: ['GET'], authLevel: 'anonymous', route: 'items/{id}', handler: echo });
app.http('files', { methods: ['GET'], authLevel: 'anonymous', route: 'files/{*path}', handler: echo });
app.http('page', { methods: ['GET'], authLevel: 'anonymous', route: 'page/{n:int=5}', handler: echo });
app.http('hello', { authLevel: 'anonymous', handler: echo });
app.http('deleteOnly', { methods: ['DELETE'], authLevel: 'anonymous', route: 'thing/{id:guid}', handler: echo });

module.exports = { echo };

// HTTP starter and status endpoints through the durable client binding.
const { app } = require('@azure/functions');
const df = require('durable-functions');

app.http('StartOrchestration', {
  route: 'orchestrators/{name}/{id?}',
  methods: ['POST'],
  extraInputs: [df.input.durableClient()],
  handler: async (request, context) => {
    const client = df.getClient(context);
    const body = await request.text();
    const instanceId = await client.startNew(request.params.name, {
      instanceId: request.params.id || undefined,
      input: body ? JSON.parse(body) : undefined,
    });
    return client.createCheckStatusResponse(request, instanceId);
  },
});

app.http('GetStatus', {
  route: 'status/{id}',
  methods: ['GET'],
  extraInputs: [df.input.durableClient()],
  handler: async (request, context) => {
    const client = df.getClient(context);
    const status = await client.getStatus(request.params.id, { showHistory: true, showHistoryOutput: true });
    return { jsonBody: status };
  },
});

app.http('RaiseEvent', {
  route: 'events/{id}/{event}',
  methods: ['POST'],
  extraInputs: [df.input.durableClient()],
  handler: async (request, context) => {
    const client = df.getClient(context);
    await client.raiseEvent(request.params.id, request.params.event, await request.json());
    return { status: 202 };
  },
});

app.http('Terminate', {
  route: 'terminate/{id}',
  methods: ['POST'],
  extraInputs: [df.input.durableClient()],
  handler: async (request, context) => {
    const client = df.getClient(context);
    await client.terminate(request.params.id, 'stopped by test');
    return { status: 202 };
  },
});

app.http('ListRunning', {
  route: 'instances',
  methods: ['GET'],
  extraInputs: [df.input.durableClient()],
  handler: async (request, context) => {
    const client = df.getClient(context);
    const statuses = await client.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Running] });
    return { jsonBody: statuses.map((s) => s.instanceId) };
  },
});

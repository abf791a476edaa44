const fs = require('node:fs');
const { app } = require('@azure/functions');

app.hook.appTerminate(() => {
  if (process.env.TERMINATE_MARKER) fs.writeFileSync(process.env.TERMINATE_MARKER, 'terminated');
});

app.http('env', {
  methods: ['GET'],
  authLevel: 'anonymous',
  handler: async () => ({
    jsonBody: {
      WEBSITE_HOSTNAME: process.env.WEBSITE_HOSTNAME,
      AZURE_FUNCTIONS_ENVIRONMENT: process.env.AZURE_FUNCTIONS_ENVIRONMENT,
      FUNCTIONS_WORKER_RUNTIME: process.env.FUNCTIONS_WORKER_RUNTIME,
      FROM_SETTINGS: process.env.FROM_SETTINGS,
      ALREADY_SET: process.env.ALREADY_SET,
      'ConnectionStrings:Main': process.env['ConnectionStrings:Main'],
    },
  }),
});

app.timer('nightly', { schedule: '0 0 2 * * *', handler: () => {} });

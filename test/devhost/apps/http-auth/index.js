const { app } = require('@azure/functions');

const ok = (level) => async () => ({ jsonBody: { level } });

app.http('anonymous', { methods: ['GET'], authLevel: 'anonymous', route: 'open', handler: ok('anonymous') });
app.http('functionLevel', { methods: ['GET'], authLevel: 'function', route: 'guarded', handler: ok('function') });
app.http('adminLevel', { methods: ['GET'], authLevel: 'admin', route: 'admin-only', handler: ok('admin') });
app.http('defaultLevel', { methods: ['GET'], handler: ok('default') });

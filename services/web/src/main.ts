import { startService } from '@todo-dapr/platform';
import { createWeb } from './app';
import { WebConfig } from './config';
import { publicPort } from './http/public-port';

// As every service, plus the public port and the live streams to end when it stops.
startService(WebConfig, (deps) => {
  const { app, hub } = createWeb(deps);
  const { PUBLIC_PORT } = deps.config;
  return {
    app,
    moreListeners: PUBLIC_PORT ? [{ app: publicPort(app), port: PUBLIC_PORT }] : [],
    // Live streams never end by themselves; their clients reconnect (to another replica).
    onStopping: () => hub.closeAll(),
  };
});

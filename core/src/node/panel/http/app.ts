import { Hono } from 'hono';
import { VERSION } from '../../version.ts';
import type { PanelContext } from '../panel-context.ts';
import { adminRoutes } from './admin-routes.ts';
import { deviceRoutes } from './device-routes.ts';
import { onPanelError } from './on-error.ts';
import { panelUiRoutes } from './panel-ui-routes.ts';

/** The panel's HTTP application: device protocol under /v1/device, admin API under /api, the dashboard at /, one error mapper. */
export function panelApp(ctx: PanelContext, uiDir?: string): Hono {
  const app = new Hono();
  app.onError(onPanelError);
  app.notFound((c) => c.json({ error: { code: 'NOT_FOUND', status: 404, message: `no route ${c.req.method} ${c.req.path}` } }, 404));
  app.get('/healthz', (c) => c.json({ ok: true, version: VERSION }));
  app.route('/v1/device', deviceRoutes(ctx));
  app.route('/', adminRoutes(ctx));
  app.route('/', panelUiRoutes(uiDir));
  return app;
}

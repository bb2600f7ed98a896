/**
 * Temporal Web through the web app, at /admin/temporal: only signed-in staff whose role may read
 * cases reach it, and its codec endpoint (/admin/codec, src/web/codec.ts) is then on the same
 * origin, so their own session decrypts the payloads it shows. Temporal Web itself listens on an
 * address that is not published (127.0.0.1 under npm start, the compose network in production).
 */
import type { Express, Request, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { requireStaff, sessionCookie } from './admin/session';

export const TEMPORAL_WEB_PATH = '/admin/temporal';

export function mountTemporalWeb(app: Express, o: { upstream: string; secureCookies: boolean }): void {
  const forbidden = (_req: Request, res: Response) => {
    res.status(403).type('text/plain').send('Temporal Web is alleen voor medewerkers die zaken mogen inzien.\nTemporal Web is for staff who may read cases.\n');
  };
  const ownCookie = sessionCookie(o.secureCookies);
  app.use(TEMPORAL_WEB_PATH, requireStaff('cases.view', forbidden));
  app.use(createProxyMiddleware({
    target: o.upstream,
    pathFilter: TEMPORAL_WEB_PATH, // Temporal Web runs with this public path: the whole path goes on
    xfwd: true,
    on: {
      // Temporal Web has no use for the staff session: it stays with the web app.
      proxyReq: (proxyReq) => {
        const cookies = proxyReq.getHeader('cookie');
        if (typeof cookies !== 'string') return;
        const kept = cookies.split(/;\s*/).filter((c) => !c.startsWith(`${ownCookie}=`)).join('; ');
        if (kept) proxyReq.setHeader('cookie', kept);
        else proxyReq.removeHeader('cookie');
      },
      error: (_err, _req, res) => {
        if ('writeHead' in res && !res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end('Temporal Web is nu niet bereikbaar.\nTemporal Web cannot be reached now.\n');
      },
    },
  }));
}

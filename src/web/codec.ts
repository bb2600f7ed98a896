/**
 * The codec endpoint of Temporal Web (its "remote codec" protocol): POST {base}/decode and
 * {base}/encode with {"payloads": [{metadata, data}]}, base64 in JSON. Only for signed-in staff
 * whose role may read cases; anyone else gets a 401 or 403, so Temporal Web shows them ciphertext.
 * Cross-origin calls are allowed from Temporal Web's own address, with the session cookie.
 */
import express, { type Express, type Request, type Response } from 'express';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { can } from '../domain/staff';

export const CODEC_PATH = '/admin/codec';

interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64')])),
    data: p.data ? Buffer.from(p.data, 'base64') : undefined,
  };
}

function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: p.data ? Buffer.from(p.data).toString('base64') : undefined,
  };
}

function isJsonPayloads(body: unknown): body is { payloads: JsonPayload[] } {
  const payloads = (body as { payloads?: unknown } | undefined)?.payloads;
  return Array.isArray(payloads) && payloads.length <= 1000 && payloads.every((p) => typeof p === 'object' && p !== null
    && (p.data === undefined || p.data === null || typeof p.data === 'string')
    && (p.metadata === undefined || p.metadata === null || (typeof p.metadata === 'object' && Object.values(p.metadata).every((v) => typeof v === 'string'))));
}

export function mountCodec(app: Express, o: { codec: PayloadCodec; temporalWebOrigin?: string }): void {
  const cors = (req: Request, res: Response) => {
    const origin = req.get('origin');
    if (origin && origin === o.temporalWebOrigin) {
      res.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'POST, OPTIONS',
        'Access-Control-Allow-Headers': 'Content-Type, X-Namespace, Authorization',
        Vary: 'Origin',
      });
    }
  };
  app.options(`${CODEC_PATH}/:direction`, (req, res) => {
    cors(req, res);
    res.status(204).end();
  });
  for (const direction of ['decode', 'encode'] as const) {
    app.post(`${CODEC_PATH}/${direction}`, express.json({ limit: '8mb' }), async (req, res, next) => {
      try {
        cors(req, res);
        const staff = req.staff;
        if (!staff || staff.secondFactorPending || staff.mustChangePassword) return res.status(401).json({ error: 'sign in to Klachtflow first' });
        if (!can(staff.role, 'cases.view')) return res.status(403).json({ error: 'your role may not read cases' });
        if (!isJsonPayloads(req.body)) return res.status(400).json({ error: 'expected {"payloads": [{"metadata": {...}, "data": "..."}]}' });
        const payloads = req.body.payloads.map(fromJson);
        const result = direction === 'decode' ? await o.codec.decode(payloads) : await o.codec.encode(payloads);
        res.json({ payloads: result.map(toJson) });
      } catch (err) {
        next(err);
      }
    });
  }
}

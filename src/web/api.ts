/**
 * POST /api/cases: the same intake as the form, for a CRM or a phone system (docs/openapi.yaml).
 * Bearer INTAKE_API_KEY; an Idempotency-Key header makes a retried call yield the same case.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { SharedLimit } from './rateLimit';
import { z } from 'zod';
import { submitCase, type IntakeDeps } from '../cases/submitCase';
import { statusUrl } from '../cases/statusLinks';
import { SubmissionConflictError } from '../db/cases';
import { isPermanentDatabaseError } from '../db/errors';
import { parseIntake } from '../domain/intake';
import { lineProblem } from '../domain/text';
import { isMessageKey, t } from '../i18n/messages';
import { logger } from '../logger';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const MAX_RECEIPT_AGE_MS = 30 * 24 * 60 * 60 * 1000;

const Envelope = z.object({
  language: z.enum(['nl', 'en']).default('nl'),
  channel: z.enum(['web', 'phone']).default('web'),
  /** Phone cases: when the call came in (ISO 8601 with offset) and who took it. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  registeredBy: z.string().trim().min(1).max(200)
    .refine((v) => lineProblem(v) === undefined, { error: 'one line of printable text' }).optional(),
});

/**
 * The largest body the intake needs: every field at its limit in a script of three UTF-8 bytes a
 * character, written as JSON \u escapes (six bytes each), with room to spare.
 */
export const API_BODY_LIMIT = '64kb';

function sameKey(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function mountApi(app: Express, deps: IntakeDeps & {
  apiKey?: string; publicBaseUrl: string; callsPerTenMinutes: number; limit: (o: SharedLimit) => RequestHandler;
}): void {
  const problem = (res: Response, status: number, title: string, extra: Record<string, unknown> = {}) =>
    res.status(status).type('application/problem+json').json({ status, title, ...extra });

  // The API's own limit per address, apart from the form's: a CRM sends many cases, a guesser many keys.
  const limited = deps.limit({
    name: 'api', windowMs: 10 * 60_000, limit: deps.callsPerTenMinutes,
    handler: (_req, res) => problem(res, 429, 'Too many requests from this address; try again in a few minutes'),
  });

  // The key and the content type are checked before the body is read.
  const authorized = (req: Request, res: Response, next: NextFunction) => {
    if (!deps.apiKey) return problem(res, 503, 'The intake API is off: set INTAKE_API_KEY to enable it');
    const auth = req.get('authorization') ?? '';
    if (!auth.startsWith('Bearer ') || !sameKey(auth.slice(7), deps.apiKey)) {
      res.set('WWW-Authenticate', 'Bearer');
      return problem(res, 401, 'A valid API key is required (Authorization: Bearer ...)');
    }
    if (!req.is('application/json')) return problem(res, 415, 'The body must be JSON (Content-Type: application/json)');
    return next();
  };

  app.post('/api/cases', limited, authorized, express.json({ limit: API_BODY_LIMIT }), async (req: Request, res: Response) => {
    const key = req.get('idempotency-key');
    if (!key || !IDEMPOTENCY_KEY.test(key)) {
      return problem(res, 400, 'An Idempotency-Key header (1 to 200 printable characters) is required');
    }
    const envelope = Envelope.safeParse(req.body ?? {});
    if (!envelope.success) {
      return problem(res, 422, 'Invalid request', {
        errors: Object.fromEntries(envelope.error.issues.map((i) => [i.path.join('.'), i.message])),
      });
    }
    const { language, channel, registeredBy } = envelope.data;
    const receivedAt = envelope.data.receivedAt ? new Date(envelope.data.receivedAt) : undefined;
    if (receivedAt && channel !== 'phone') return problem(res, 422, 'Invalid request', { errors: { receivedAt: 'only for phone cases' } });
    if (receivedAt && (receivedAt.getTime() > Date.now() + 60_000 || Date.now() - receivedAt.getTime() > MAX_RECEIPT_AGE_MS)) {
      return problem(res, 422, 'Invalid request', { errors: { receivedAt: 'must lie in the last 30 days, not in the future' } });
    }
    const parsed = parseIntake(req.body, channel);
    if (!parsed.ok) {
      return problem(res, 422, 'Invalid request', {
        errors: Object.fromEntries(Object.entries(parsed.errors).map(([f, k]) => [f, isMessageKey(k!) ? t(language, k) : k])),
      });
    }
    try {
      const { reference, created } = await submitCase(deps, {
        intake: parsed.value, channel, language, submissionKey: `api:${key}`, receivedAt, registeredBy,
      });
      res.status(created ? 201 : 200).location(`/api/cases/${reference}`).json({
        reference,
        statusUrl: statusUrl({ secret: deps.statusTokenSecret, baseUrl: deps.publicBaseUrl }, reference),
      });
    } catch (err) {
      if (err instanceof SubmissionConflictError) {
        return problem(res, 409, 'This Idempotency-Key was used before for a different request');
      }
      // Data the database refuses is refused again on every retry: say so, never "retry".
      if (isPermanentDatabaseError(err)) {
        logger.error({ code: err.code }, 'API submission holds data the database refuses');
        return problem(res, 422, 'Invalid request', { errors: { body: 'holds data that cannot be stored' } });
      }
      logger.error({ err }, 'API submission could not be completed');
      return problem(res, 503, 'The case could not be started now; retry with the same Idempotency-Key');
    }
  });

  app.all('/api/cases', (_req: Request, res: Response) => {
    res.set('Allow', 'POST');
    return problem(res, 405, 'Only POST is allowed here');
  });

  // Malformed JSON and oversized bodies get a problem+json answer, not the HTML error page.
  app.use('/api', (err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') return problem(res, 400, 'The body is not valid JSON');
    if (err.type === 'entity.too.large') return problem(res, 413, `The body is larger than ${API_BODY_LIMIT.replace('kb', ' kB')}`);
    if (err.type === 'charset.unsupported' || err.type === 'encoding.unsupported') return problem(res, 415, 'The body must be UTF-8 JSON');
    return next(err);
  });
}

import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { engine } from 'express-handlebars';
import helmet from 'helmet';
import { submissionHash, submitCase } from '../cases/submitCase';
import { addAttachments } from '../db/attachments';
import type { Config } from '../config';
import { SubmissionConflictError } from '../db/cases';
import { currentRules, DEFAULT_RETENTION, loadSettings } from '../db/settings';
import type { Sql } from '../db/db';
import type { Language } from '../domain/case';
import { CATEGORY_KEYS, categoryLabel } from '../domain/categories';
import { LIMITS, parseIntake, type IntakeField } from '../domain/intake';
import { isReference } from '../domain/reference';
import { isMessageKey, isPluralKey, pickLanguage, t, tn, type MessageKey } from '../i18n/messages';
import { isPermanentDatabaseError } from '../db/errors';
import { logger } from '../logger';
import { checkHealth } from './health';
import { mountAdmin } from './admin';
import { formReturn, loadStaff } from './admin/session';
import { mountApi } from './api';
import { ATTACHMENT_ACCEPT, ATTACHMENT_FIELD, ATTACHMENT_VARS, checkedUploads, receiveUploads, uploadedCount } from './attachments';
import { mountCodec } from './codec';
import { mountTemporalWeb } from './temporalWeb';
import { mountStatusPage } from './statusPage';
import { sharedRateLimit, type SharedLimit } from './rateLimit';
import { typedAgain } from '../domain/text';

export interface AppDeps {
  config: Config;
  sql: Sql;
  client: Client;
  /** Signs the customers' personal status links (STATUS_TOKEN_SECRET). */
  statusTokenSecret: string;
  /** Bearer key of POST /api/cases (INTAKE_API_KEY); the API is off without it. */
  apiKey?: string;
  /** Requests per address per 10 minutes (defaults in RATE_LIMITS). */
  rateLimits?: Partial<RateLimits>;
  /**
   * The web processes that share their rate limits (counted in Postgres): all with the same
   * scope. Default 'web', one installation; tests give each app its own.
   */
  rateLimitScope?: string;
  /** Decrypts Temporal payloads for Temporal Web's signed-in viewers (src/web/codec.ts). */
  codec: PayloadCodec;
}

export interface RateLimits {
  submissions: number;
  statusViews: number;
  statusActions: number;
  /** Calls of the intake API (a CRM or phone system registers many cases from one address). */
  apiCalls: number;
  /**
   * Public forms read with their files (multipart), counted before anything is read: a form with
   * files is held in memory while it is checked, so an address cannot have many read at once.
   */
  formReads: number;
}

export const RATE_LIMITS: RateLimits = { submissions: 10, statusViews: 120, statusActions: 30, apiCalls: 600, formReads: 60 };

/** The form's honeypot: a field people never see nor fill in. */
const HONEYPOT = 'website';
function isBot(req: Request): boolean {
  const value = (req.body as Record<string, unknown> | undefined)?.[HONEYPOT];
  return typeof value === 'string' && value.trim() !== '';
}

const FORM_FIELDS: IntakeField[] = ['caseType', 'name', 'email', 'phone', 'customerNumber', 'category', 'description'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The largest form the public form and the staff forms need: a 5,000-character description in a
 * script of three UTF-8 bytes a character is 45 kB percent-encoded, plus the other fields.
 */
const FORM_BODY_LIMIT = '64kb';
/** Staff forms: the outcome's two texts of 10,000 characters and the improvement action, likewise. */
const ADMIN_FORM_BODY_LIMIT = '256kb';

/**
 * The same page in the other language: the path and query of the request with lang set. Any path
 * is taken as it came (no URL parser that throws on `//[`), and never as a link to another host.
 */
export function languageSwitchUrl(originalUrl: string, lang: Language): string {
  const at = originalUrl.indexOf('?');
  const raw = `/${(at === -1 ? originalUrl : originalUrl.slice(0, at)).replace(/^[/\\]+/, '')}`;
  // Each segment as a valid URL path (a stray "%" or "[" in an odd address of a 404 page, say).
  const pathname = raw.split('/').map((segment) => encodeURIComponent(safeDecode(segment))).join('/');
  const params = new URLSearchParams(at === -1 ? '' : originalUrl.slice(at + 1));
  params.set('lang', lang);
  return `${pathname}?${params.toString()}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function createApp(deps: AppDeps): express.Express {
  const { config } = deps;
  const limits = { ...RATE_LIMITS, ...deps.rateLimits };
  const limit = (o: SharedLimit) => sharedRateLimit(deps.sql, deps.rateLimitScope ?? 'web', o);
  const intakeDeps = {
    sql: deps.sql, client: deps.client, taskQueue: config.temporal.taskQueue, rules: () => currentRules(deps.sql),
    statusTokenSecret: deps.statusTokenSecret,
  };
  const app = express();
  app.set('trust proxy', config.trustProxy);
  // Templates compiled once per process, not on every page (Express caches only under NODE_ENV=production).
  app.enable('view cache');

  app.engine('hbs', engine({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(__dirname, 'views', 'layouts'),
    partialsDir: path.join(__dirname, 'views', 'partials'),
    helpers: {
      eq: (a: unknown, b: unknown) => a === b,
      /**
       * `value="{{as "number" typed.x}}"`: a refused form's value as its input can hold it; what a
       * number, date or month field cannot hold (only a hand-made request sends it) shows empty.
       */
      as: (type: 'number' | 'date' | 'month' | 'datetime-local', value: unknown) => {
        const text = value === undefined || value === null ? '' : String(value);
        const valid = {
          number: /^-?\d+(\.\d+)?$/, date: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-(0[1-9]|1[0-2])$/, 'datetime-local': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
        }[type];
        // A date that does not exist (30 February) is no value for a date field either.
        const day = type === 'date' || type === 'datetime-local' ? text.slice(0, 10) : undefined;
        const noon = day === undefined ? undefined : new Date(`${day}T12:00:00Z`);
        const exists = noon === undefined || (!Number.isNaN(noon.getTime()) && noon.toISOString().slice(0, 10) === day);
        return valid.test(text) && exists ? text : '';
      },
      t(this: unknown, key: string, options: { hash: Record<string, string | number>; data: { root: { lang: Language; noun?: string } } }) {
        const root = options.data.root;
        return isMessageKey(key) ? t(root.lang, key, { ...(root.noun ? { noun: root.noun } : {}), ...options.hash }) : key;
      },
      /** `{{tn "key" count}}`: a text with a count in its plural form (`key.one`, `key.other`). */
      tn(this: unknown, key: string, count: number, options: { hash: Record<string, string | number>; data: { root: { lang: Language } } }) {
        return isPluralKey(key) ? tn(options.data.root.lang, key, Number(count), options.hash) : key;
      },
    },
  }));
  app.set('view engine', 'hbs');
  app.set('views', path.join(__dirname, 'views'));

  app.use(cookieParser());
  app.use(loadStaff(deps.sql, config.secureCookies));
  // Temporal Web keeps its own headers (its pages need their own CSP): before helmet.
  if (config.temporal.uiUpstream) mountTemporalWeb(app, { upstream: config.temporal.uiUpstream, secureCookies: config.secureCookies });
  app.use(helmet());
  // Staff pages tell the app which page a form came from (an expired session returns there); the
  // public pages, whose status links carry a token, send no referrer at all.
  app.use('/admin', (_req, res, next) => {
    res.set('Referrer-Policy', 'same-origin');
    next();
  });
  app.use('/static', express.static(path.join(__dirname, 'public'), { maxAge: '1h' }));
  mountCodec(app, { codec: deps.codec, temporalWebOrigin: new URL(config.temporal.uiUrl).origin });
  app.use('/admin', express.urlencoded({ extended: false, limit: ADMIN_FORM_BODY_LIMIT, parameterLimit: 50 }));
  app.use(express.urlencoded({ extended: false, limit: FORM_BODY_LIMIT, parameterLimit: 50 }));

  if (!config.csrfSecret) logger.warn('CSRF_SECRET is not set: using a random one, forms expire when this process restarts');
  const csrfSecret = config.csrfSecret ?? randomBytes(32).toString('hex');
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => csrfSecret,
    // Staff tokens are bound to their session; the public pages have none.
    getSessionIdentifier: (req) => req.staff?.sessionId ?? 'public',
    cookieName: config.secureCookies ? '__Host-kf.csrf' : 'kf.csrf',
    cookieOptions: { sameSite: 'strict', secure: config.secureCookies, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });

  function page(req: Request, res: Response, view: string, lang: Language, data: Record<string, unknown>, status = 200) {
    res.status(status).render(view, {
      lang,
      switchUrl: req.method === 'GET' ? languageSwitchUrl(req.originalUrl, lang === 'en' ? 'nl' : 'en') : undefined,
      ...data,
    });
  }

  /**
   * How long a closed case's personal data is kept (the retention setting), for the form's privacy
   * notice: read again on every form view, and the default while the database cannot be asked.
   */
  let keptDays = DEFAULT_RETENTION.closedCaseDays;
  const refreshKeptDays = () => loadSettings(deps.sql).then((s) => { keptDays = s.retention.closedCaseDays; }, () => undefined);

  function renderForm(req: Request, res: Response, lang: Language, extra: {
    values?: Record<string, string>; errors?: Partial<Record<IntakeField | typeof ATTACHMENT_FIELD, string>>; submissionId?: string;
    problem?: string; status?: number; newToken?: boolean;
  } = {}) {
    const errors = Object.fromEntries(
      Object.entries(extra.errors ?? {}).map(([field, key]) => [field, isMessageKey(key) ? t(lang, key) : key]),
    );
    // A browser never fills a file field in again: when the form comes back, the customer is told to choose the files again.
    if ((uploadedCount(req) > 0 || res.locals.uploadRefusal) && (extra.errors || extra.problem)) {
      errors[ATTACHMENT_FIELD] = [errors[ATTACHMENT_FIELD], t(lang, 'attachments.reselect')].filter(Boolean).join(' ');
    }
    const errorList = [...FORM_FIELDS, ATTACHMENT_FIELD].filter((f) => errors[f]).map((f) => ({
      id: f === 'caseType' ? 'caseType-complaint' : f,
      message: errors[f],
    }));
    page(req, res, 'form', lang, {
      // A screen reader hears first that something needs attention.
      title: `${errorList.length > 0 || extra.problem ? t(lang, 'page.errorPrefix') : ''}${t(lang, 'form.title')}`,
      privacy: {
        text: t(lang, 'form.privacy.text', {
          // 730 days read as "2 jaar" (a leap day does not matter), 400 as "400 dagen".
          period: keptDays % 365 > 1 ? tn(lang, 'form.privacy.days', keptDays) : tn(lang, 'form.privacy.years', Math.round(keptDays / 365)),
        }),
        url: deps.config.privacyStatementUrl,
      },
      csrfToken: generateCsrfToken(req, res, { overwrite: extra.newToken ?? false, validateOnReuse: false }),
      submissionId: extra.submissionId ?? randomUUID(),
      values: typedAgain(extra.values ?? {}, ['description']),
      errors,
      errorList,
      problem: extra.problem,
      limits: LIMITS,
      attachments: { hint: t(lang, 'attachments.hint', ATTACHMENT_VARS), accept: ATTACHMENT_ACCEPT, max: ATTACHMENT_VARS.files },
      categories: CATEGORY_KEYS.map((value) => ({ value, label: categoryLabel(value, lang) })),
    }, extra.status);
  }

  app.get('/', async (req, res) => {
    await refreshKeptDays();
    renderForm(req, res, pickLanguage(req.query.lang));
  });

  /** What the customer typed, as strings, for the form and its validation. */
  function submitted(req: Request) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    return {
      lang: pickLanguage(body.lang ?? req.query.lang),
      values: Object.fromEntries(FORM_FIELDS.map((f) => [f, typeof body[f] === 'string' ? (body[f] as string) : ''])),
      submissionId: typeof body.submissionId === 'string' && UUID.test(body.submissionId) ? body.submissionId : randomUUID(),
    };
  }

  // Abuse: at most 10 submissions per address per 10 minutes, with a friendly page beyond that.
  const submitLimit = limit({
    name: 'submissions',
    windowMs: 10 * 60_000,
    limit: limits.submissions,
    // Only stored submissions count: a form sent back with field messages costs the customer nothing.
    skipFailedRequests: true,
    // The form comes back with what was typed: nothing is lost while the customer waits.
    handler: (req, res) => {
      const { lang, values, submissionId } = submitted(req);
      renderForm(req, res, lang, { values, submissionId, problem: t(lang, 'error.rateLimited'), status: 429 });
    },
  });

  // Before a form with files is read at all (the submissions limit below needs the fields read).
  const readLimit = limit({
    name: 'form-reads',
    windowMs: 10 * 60_000,
    limit: limits.formReads,
    handler: (req, res) => {
      const lang = pickLanguage(req.query.lang);
      renderForm(req, res, lang, { problem: t(lang, 'error.rateLimited'), status: 429 });
    },
  });
  const multipartOnly = (guard: RequestHandler): RequestHandler => (req, res, next) => (req.is('multipart/form-data') ? guard(req, res, next) : next());

  // The files are read first (multipart), so that the submissions limit's page, too, keeps what was typed.
  app.post('/', multipartOnly(readLimit), receiveUploads, submitLimit, doubleCsrfProtection, async (req, res) => {
    const { lang, values, submissionId } = submitted(req);
    if (isBot(req)) {
      // A filled-in honeypot: answer as if all went well, store nothing.
      logger.info('honeypot submission ignored');
      res.redirect(303, `/ontvangen/bedankt${lang === 'en' ? '?lang=en' : ''}`);
      return;
    }
    const parsed = parseIntake(values);
    // Files are checked by their content, before anything is stored; a new case holds none yet.
    const uploads = checkedUploads(req, res, { count: 0, bytes: 0 }, lang);
    if (!parsed.ok || uploads.problem) {
      const errors = { ...(parsed.ok ? {} : parsed.errors), ...(uploads.problem ? { [ATTACHMENT_FIELD]: uploads.problem } : {}) };
      renderForm(req, res, lang, { values, errors, submissionId, status: 422 });
      return;
    }
    try {
      const submission = { intake: parsed.value, channel: 'web' as const, language: lang, submissionKey: submissionId };
      // Back, edit, send again: the edit is a submission of its own, not lost in the first one.
      const { reference } = await submitCase(intakeDeps, submission).catch((err: unknown) => {
        if (!(err instanceof SubmissionConflictError)) throw err;
        return submitCase(intakeDeps, { ...submission, submissionKey: `${submissionId}:${submissionHash(submission).slice(0, 16)}` });
      });
      // Beside the case in Postgres, never in its workflow. A resent form adds the same files once.
      // The case is in: should its files fail now, the customer is told so there and adds them on the status page.
      const filesStored = uploads.files.length === 0 || await addAttachments(deps.sql, reference, uploads.files, 'form').then(
        (stored) => stored.ok,
        (err: unknown) => { logger.error({ err, reference }, 'attachments of a new case could not be stored'); return false; },
      );
      const query = new URLSearchParams({ ...(filesStored ? {} : { bestanden: 'mislukt' }), ...(lang === 'en' ? { lang: 'en' } : {}) }).toString();
      res.redirect(303, `/ontvangen/${reference}${query ? `?${query}` : ''}`);
    } catch (err) {
      if (isPermanentDatabaseError(err)) {
        // Sending it again would fail the same way: the customer must change it, not retry.
        logger.error({ code: err.code }, 'submission holds data the database refuses');
        renderForm(req, res, lang, { values, submissionId, problem: t(lang, 'error.invalidInput'), status: 422 });
        return;
      }
      // The case may be stored already; the same submission id finds it on the next try.
      logger.error({ err }, 'submission could not be completed');
      renderForm(req, res, lang, { values, submissionId, problem: t(lang, 'error.unavailable'), status: 503 });
    }
  });

  app.get('/ontvangen/:reference', (req, res) => {
    const lang = pickLanguage(req.query.lang);
    const reference = req.params.reference;
    if (reference === 'bedankt') {
      page(req, res, 'received', lang, { title: t(lang, 'received.title') });
      return;
    }
    if (!isReference(reference)) {
      notFound(req, res);
      return;
    }
    page(req, res, 'received', lang, { title: t(lang, 'received.title'), reference, filesFailed: req.query.bestanden === 'mislukt' });
  });

  mountApi(app, { ...intakeDeps, apiKey: deps.apiKey, publicBaseUrl: config.publicBaseUrl, callsPerTenMinutes: limits.apiCalls, limit });

  mountAdmin(app, {
    sql: deps.sql, client: deps.client, config, intake: intakeDeps, page,
    csrfToken: (req, res) => generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false }),
    csrfProtection: doubleCsrfProtection,
    notFound,
    limit,
  });

  mountStatusPage(app, {
    sql: deps.sql,
    client: deps.client,
    page,
    csrfToken: (req, res) => generateCsrfToken(req, res, { overwrite: false, validateOnReuse: false }),
    csrfProtection: doubleCsrfProtection,
    notFound,
    limits,
    limit,
  });

  app.get('/healthz', async (_req, res) => {
    const health = await checkHealth(deps);
    res.status(health.ok ? 200 : 503).json(health);
  });

  /** An error page; a staff page's stays in the admin layout, with the way back into the admin area. */
  function errorPage(req: Request, res: Response, lang: Language, message: string, status: number) {
    const admin = req.path === '/admin' || req.path.startsWith('/admin/');
    page(req, res, 'error', lang, {
      title: t(lang, 'error.title'), message,
      ...(admin ? { layout: 'admin', adminArea: true, langQuery: lang === 'en' ? '?lang=en' : '' } : {}),
    }, status);
  }

  function notFound(req: Request, res: Response) {
    const lang = pickLanguage(req.query.lang);
    errorPage(req, res, lang, t(lang, 'error.notFound'), 404);
  }

  app.use(notFound);

  app.use((err: Error & { status?: number; type?: string; code?: string }, req: Request, res: Response, _next: NextFunction) => {
    const lang = pickLanguage(req.query.lang ?? (req.body as Record<string, unknown> | undefined)?.lang);
    let key: MessageKey = 'error.unavailable';
    let status = 500;
    if (err.code === 'EBADCSRFTOKEN' && req.method === 'POST' && req.path === '/') {
      // An expired form (a restart, a day-old tab) keeps what was typed and gets a fresh token.
      const { lang: formLang, values, submissionId } = submitted(req);
      renderForm(req, res, formLang, { values, submissionId, problem: t(formLang, 'error.csrf'), status: 403, newToken: true });
      return;
    }
    const back = err.code === 'EBADCSRFTOKEN' && req.method === 'POST' && req.path.startsWith('/admin/') && req.staff ? formReturn(req, { expired: true }) : undefined;
    if (back) {
      // A staff form of ours whose token expired: back to its page, with what was typed restored from the browser.
      res.redirect(303, back);
      return;
    }
    if (err.code === 'EBADCSRFTOKEN') [key, status] = ['error.csrf', 403];
    else if (err.type === 'entity.too.large' && req.method === 'POST' && req.path === '/') {
      // Unread, so nothing of it can be shown again; the form says why and what to do.
      renderForm(req, res, lang, { problem: t(lang, 'error.tooLarge'), status: 413 });
      return;
    } else if (err.type === 'entity.too.large') [key, status] = ['error.tooLarge', 413];
    else if (err.status && err.status >= 400 && err.status < 500) [key, status] = ['error.notFound', err.status];
    else if (isPermanentDatabaseError(err)) {
      // A value the database refuses that no check caught before: refused, never "try again".
      logger.error({ code: err.code, path: req.path }, 'request held data the database refuses');
      [key, status] = ['error.invalidInput', 422];
    }
    else logger.error({ err }, 'request failed');
    errorPage(req, res, lang, t(lang, key), status);
  });

  return app;
}

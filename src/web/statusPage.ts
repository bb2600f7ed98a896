/**
 * The customer's personal status page, reached through the unguessable link in every email:
 * what happened (the public part of the timeline), what happens next and by when, and the
 * actions that fit the case now, each a signal to the case's workflow.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { SharedLimit } from './rateLimit';
import { addAttachments, attachmentUsage, getAttachment, listAttachments } from '../db/attachments';
import { caseQueryState, caseStateForPage, untilProjected } from '../cases/caseStateForPages';
import { timelineOf } from '../db/caseEvents';
import { findCaseByStatusTokenHash, type CaseRecord } from '../db/cases';
import type { Sql } from '../db/db';
import { getSatisfaction, recordSatisfaction } from '../db/satisfaction';
import type { Language } from '../domain/case';
import { normalizeLineBreaks, textProblem, typedAgain } from '../domain/text';
import { isPaused, refusal, type CaseState, type CustomerAction } from '../domain/lifecycle';
import { STATUS_TOKEN_PATTERN, statusTokenHash } from '../domain/statusToken';
import { formatDate, formatDateTime } from '../i18n/dates';
import { isMessageKey, t, type MessageKey } from '../i18n/messages';
import { logger } from '../logger';
import { ATTACHMENT_ACCEPT, ATTACHMENT_VARS, attachmentRows, checkedUploads, receiveUploads, sendAttachment, uploadProblemText } from './attachments';

type Page = (req: Request, res: Response, view: string, lang: Language, data: Record<string, unknown>, status?: number) => void;

interface StatusPageDeps {
  sql: Sql;
  client: Client;
  page: Page;
  csrfToken: (req: Request, res: Response) => string;
  csrfProtection: RequestHandler;
  notFound: (req: Request, res: Response) => void;
  limits: { statusViews: number; statusActions: number };
  limit: (o: SharedLimit) => RequestHandler;
}

const ACTIONS = ['reply', 'object', 'accept', 'withdraw'] as const;
const LINK_VALID_AFTER_CLOSURE_MS = 183 * 24 * 60 * 60 * 1000;
/** The customer's own actions: shown as "you", also when staff registered them from a call. */
const CUSTOMER_EVENTS = new Set(['customer-replied', 'objection', 'outcome-accepted', 'withdrawn']);
type PageAction = (typeof ACTIONS)[number];

function toSignal(action: PageAction, text: string): CustomerAction {
  switch (action) {
    case 'reply': return { type: 'customerReplied', text };
    case 'object': return { type: 'objection', reason: text };
    case 'accept': return { type: 'acceptOutcome' };
    case 'withdraw': return text ? { type: 'withdraw', reason: text } : { type: 'withdraw' };
  }
}

export function mountStatusPage(app: Express, deps: StatusPageDeps): void {
  // Token guessing and message flooding are limited per address; a wrong token gives a plain 404.
  const limited = (name: string, limit: number) => deps.limit({
    name,
    windowMs: 10 * 60_000,
    limit,
    handler: (req, res) => {
      const lang: Language = req.query.lang === 'en' ? 'en' : 'nl';
      deps.page(req, res, 'error', lang, { title: t(lang, 'error.title'), message: t(lang, 'error.rateLimited') }, 429);
    },
  });

  /** Finds the case of the link; anything else is a 404 that reveals nothing. */
  async function caseOf(req: Request, res: Response, next: NextFunction): Promise<void> {
    const token = String(req.params.token ?? '');
    const record = STATUS_TOKEN_PATTERN.test(token)
      ? await findCaseByStatusTokenHash(deps.sql, statusTokenHash(token)) : undefined;
    // A link works until half a year after the case closed; then it is as unknown as a wrong one.
    const expired = record?.closedAt && Date.now() - record.closedAt.getTime() > LINK_VALID_AFTER_CLOSURE_MS;
    if (!record || expired) {
      deps.notFound(req, res);
      return;
    }
    res.locals.case = record;
    res.set('Cache-Control', 'no-store');
    res.set('X-Robots-Tag', 'noindex');
    next();
  }

  async function render(req: Request, res: Response, o: { problem?: string; typed?: Record<string, string>; attachmentsError?: string; status?: number } = {}) {
    const record = res.locals.case as CaseRecord;
    const lang = languageOf(req, record);
    const { state, events } = await caseStateForPage(deps, record);
    const timeline = timelineOf(events);
    const status = state?.status ?? record.status;
    const closure = state?.closure ?? record.closure;
    const noun = t(lang, record.caseType === 'complaint' ? 'noun.complaint' : 'noun.feedback');
    const text = (key: MessageKey, vars: Record<string, string | number> = {}) => t(lang, key, { noun, ...vars });
    const now = Date.now();
    const allowed = (action: PageAction) => state !== undefined && refusal(state, toSignal(action, 'x'), now, lang) === undefined
      && pageRule(state, action, lang) === undefined;
    // The thank-you shows after the customer's own action, not again once we have answered since.
    const lastPublic = timeline.filter((e) => e.visibility === 'public').at(-1);
    const done = req.query.done === 'rate' ? text('status.done.rate')
      : req.query.done === 'attachments' ? text('status.done.attachments')
      : typeof req.query.done === 'string' && (ACTIONS as readonly string[]).includes(req.query.done)
        && lastPublic && CUSTOMER_EVENTS.has(lastPublic.event) ? text(`status.done.${req.query.done}` as MessageKey) : undefined;
    deps.page(req, res, 'status', lang, {
      title: text('status.title'),
      heading: text('status.title'),
      reference: record.reference,
      statusText: text(`status.state.${status}` as MessageKey),
      next: state ? nextSteps(state, lang, text) : status === 'closed' ? [text('status.next.closed')] : [],
      timeline: timeline
        .filter((e) => e.visibility === 'public' && isMessageKey(`status.event.${e.event}`))
        .map((e) => ({
          when: formatDateTime(e.at, lang),
          who: CUSTOMER_EVENTS.has(e.event) ? text('status.you') : text('status.us'),
          what: text(`status.event.${e.event}` as MessageKey),
          text: e.text,
          solution: e.event === 'resolved' && typeof e.detail?.solution === 'string' ? e.detail.solution : undefined,
        }))
        .reverse(),
      unavailable: state === undefined && status !== 'closed',
      done,
      problem: o.problem,
      typed: typedAgain(o.typed ?? {}, Object.keys(o.typed ?? {})),
      // A refused withdrawal comes back with its form open.
      withdrawOpen: o.typed !== undefined && 'withdraw' in o.typed,
      maxLength: state?.policy.maxMessageLength ?? 5000,
      actions: {
        reply: allowed('reply') ? text(state?.status === 'awaiting-customer' ? 'status.action.reply' : 'status.action.replyToResponse') : undefined,
        accept: allowed('accept'),
        object: allowed('object'),
        withdraw: allowed('withdraw'),
      },
      noun,
      token: req.params.token,
      nonce: randomUUID(),
      rating: status === 'closed' && closure !== 'withdrawn'
        ? { given: await getSatisfaction(deps.sql, record.reference), scores: [1, 2, 3, 4, 5] } : undefined,
      csrfToken: deps.csrfToken(req, res),
      langQuery: lang === 'en' ? '?lang=en' : '',
      attachments: await attachmentsView(req, record, status, lang, o.attachmentsError),
    }, o.status);
  }

  /** The customer's files: a list to download and, while the case is open and has room, a form to add more. */
  async function attachmentsView(req: Request, record: CaseRecord, status: string, lang: Language, error?: string) {
    const list = await listAttachments(deps.sql, record.reference);
    const token = String(req.params.token);
    const langQuery = lang === 'en' ? '?lang=en' : '';
    return {
      list: attachmentRows(list, lang, (a) => `/status/${token}/bijlagen/${a.id}${langQuery}`),
      open: status !== 'closed',
      show: status !== 'closed' || list.length > 0 || error !== undefined,
      canAdd: status !== 'closed' && list.length < ATTACHMENT_VARS.files,
      full: list.length >= ATTACHMENT_VARS.files ? t(lang, 'status.attachments.full', ATTACHMENT_VARS) : undefined,
      hint: t(lang, 'attachments.hint', ATTACHMENT_VARS),
      accept: ATTACHMENT_ACCEPT,
      error,
    };
  }

  async function firstUse(reference: string, nonce: string): Promise<boolean> {
    const rows = await deps.sql`INSERT INTO status_form_nonces (nonce, reference) VALUES (${nonce}, ${reference})
      ON CONFLICT (nonce) DO NOTHING RETURNING nonce`;
    return rows.length === 1;
  }

  app.get('/status/:token', limited('status-views', deps.limits.statusViews), caseOf, (req, res, next) => {
    render(req, res).catch(next);
  });

  // The answer to the closing email's satisfaction question: Postgres only, the workflow has ended.
  app.post('/status/:token/rate', limited('status-ratings', deps.limits.statusActions), caseOf, deps.csrfProtection, async (req, res, next) => {
    try {
      const record = res.locals.case as CaseRecord;
      const lang = languageOf(req, record);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const score = Number(body.score);
      const comment = typeof body.comment === 'string' && body.comment.trim() ? normalizeLineBreaks(body.comment.trim()) : null;
      if (record.status !== 'closed' || !Number.isInteger(score) || score < 1 || score > 5 || (comment?.length ?? 0) > 1000) {
        await render(req, res, { problem: t(lang, 'status.rate.invalid'), status: 422 });
        return;
      }
      if (comment && textProblem(comment)) {
        await render(req, res, { problem: t(lang, 'status.rate.characters'), status: 422 });
        return;
      }
      await recordSatisfaction(deps.sql, record.reference, score, comment);
      res.redirect(303, `/status/${req.params.token}?done=rate${lang === 'en' ? '&lang=en' : ''}`);
    } catch (err) {
      next(err);
    }
  });

  // The customer's own files, as a download (src/web/attachments.ts): only through the case's link.
  app.get('/status/:token/bijlagen/:id', limited('status-views', deps.limits.statusViews), caseOf, async (req, res, next) => {
    try {
      const attachment = await getAttachment(deps.sql, (res.locals.case as CaseRecord).reference, String(req.params.id));
      if (!attachment) return deps.notFound(req, res);
      sendAttachment(res, attachment);
    } catch (err) {
      next(err);
    }
  });

  // More files for an open case: checked by content, up to the case's limits (those already on it
  // count). Postgres only: the workflow learns nothing of them.
  app.post('/status/:token/bijlagen', limited('status-actions', deps.limits.statusActions), caseOf, receiveUploads, deps.csrfProtection, async (req, res, next) => {
    try {
      const record = res.locals.case as CaseRecord;
      const lang = languageOf(req, record);
      if (record.status === 'closed') {
        await render(req, res, { attachmentsError: t(lang, 'attachments.error.gone'), status: 422 });
        return;
      }
      const usage = await attachmentUsage(deps.sql, record.reference);
      const uploads = checkedUploads(req, res, usage, lang);
      const problem = uploads.problem ?? (uploads.files.length === 0 ? t(lang, 'attachments.error.none') : undefined);
      if (problem) {
        await render(req, res, { attachmentsError: problem, status: 422 });
        return;
      }
      const stored = await addAttachments(deps.sql, record.reference, uploads.files, 'status-page');
      if (!stored.ok) {
        const message = stored.problem.kind === 'gone' ? t(lang, 'attachments.error.gone') : uploadProblemText(stored.problem, lang);
        await render(req, res, { attachmentsError: message, status: 422 });
        return;
      }
      res.redirect(303, `/status/${req.params.token}?done=attachments${lang === 'en' ? '&lang=en' : ''}`);
    } catch (err) {
      next(err);
    }
  });

  app.post('/status/:token/:action', limited('status-actions', deps.limits.statusActions), caseOf, deps.csrfProtection, async (req, res, next) => {
    try {
      const record = res.locals.case as CaseRecord;
      const action = req.params.action as PageAction;
      if (!(ACTIONS as readonly string[]).includes(action)) {
        deps.notFound(req, res);
        return;
      }
      const lang = languageOf(req, record);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const typed = typeof body.text === 'string' ? normalizeLineBreaks(body.text) : '';
      // An action asks the workflow, which decides; the page only shows what the read model has.
      const state = await caseQueryState(deps.client, record.reference);
      if (!state) {
        await render(req, res, { problem: t(lang, 'status.unavailable'), typed: { [action]: typed }, status: 503 });
        return;
      }
      const signal = toSignal(action, typed.trim());
      // A double click (or a reload of the POST) sends the same form once: the first claims its nonce.
      const nonce = typeof body.nonce === 'string' && /^[0-9a-f-]{36}$/.test(body.nonce) ? body.nonce : undefined;
      if (nonce && !(await firstUse(record.reference, nonce))) {
        res.redirect(303, `/status/${req.params.token}?done=${action}${lang === 'en' ? '&lang=en' : ''}`);
        return;
      }
      const reason = refusal(state, signal, Date.now(), lang) ?? pageRule(state, action, lang)
        ?? (IRREVERSIBLE.includes(action) && body.confirm !== 'yes' ? t(lang, `status.confirm.missing.${action}` as MessageKey) : undefined);
      if (reason) {
        if (nonce) await deps.sql`DELETE FROM status_form_nonces WHERE nonce = ${nonce}`; // the corrected form may be sent again
        await render(req, res, { problem: reason, typed: { [action]: typed }, status: 422 });
        return;
      }
      const handle = deps.client.workflow.getHandle(record.reference);
      const { type, ...payload } = signal;
      await handle.signal(type, payload);
      // The signal is durable once sent; wait briefly so the page shows it.
      await untilProjected(deps.sql, record.reference, state.timeline.length + 1);
      res.redirect(303, `/status/${req.params.token}?done=${action}${lang === 'en' ? '&lang=en' : ''}`);
    } catch (err) {
      next(err);
    }
  });
}

/** Actions that cannot be undone: the customer ticks that they understand before they go (no script needed). */
const IRREVERSIBLE: readonly PageAction[] = ['accept', 'withdraw'];

/**
 * The status page's own rule beyond the lifecycle: a customer withdraws a case before its written
 * outcome only. After the outcome the complaint has been handled; what is left is to accept it, to
 * object, or to let the objection window pass. (Staff can still close a case with the withdraw
 * signal, as erasure does.)
 */
function pageRule(s: CaseState, action: PageAction, lang: Language): string | undefined {
  const outcomeGiven = s.status === 'resolved' || s.status === 'objected' || s.outcome !== undefined;
  return action === 'withdraw' && outcomeGiven ? t(lang, 'status.withdraw.afterOutcome') : undefined;
}

/** ?lang= when given, else the language the customer used for the case. */
function languageOf(req: Request, record: CaseRecord): Language {
  return req.query.lang === 'en' || req.query.lang === 'nl' ? req.query.lang : record.language;
}

function nextSteps(s: CaseState, lang: Language, text: (key: MessageKey, vars?: Record<string, string | number>) => string): string[] {
  const date = (iso: string) => formatDate(iso, lang);
  switch (s.status) {
    case 'received':
    case 'in-progress':
    case 'awaiting-customer':
    case 'responded': {
      const steps: string[] = [];
      if (s.status === 'awaiting-customer') steps.push(text('status.next.awaiting'));
      if (isPaused(s)) {
        steps.push(text('status.next.paused'));
        return steps;
      }
      if (!s.substantiveResponseAt) steps.push(text('status.next.response', { date: date(s.deadlines.substantiveResponseDue) }));
      if (s.complex) steps.push(text('status.next.complex', { date: date(`${s.complex.expectedDate}T12:00:00Z`) }));
      else if (s.deadlines.resolutionDue) steps.push(text('status.next.resolution', { date: date(s.deadlines.resolutionDue) }));
      return steps;
    }
    case 'resolved':
      return s.objectionWindowEnds ? [text('status.next.objectionWindow', { date: date(s.objectionWindowEnds) })] : [];
    case 'objected':
      return s.objection?.reviewDue ? [text('status.next.objectionReview', { date: date(s.objection.reviewDue) })] : [];
    case 'closed':
      return [text('status.next.closed')];
  }
}

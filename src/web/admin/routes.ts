/**
 * The staff side: sign-in, the task inbox, the case list and case page with one form per action
 * of the procedure, phone registration, settings and accounts. Every route checks the staff
 * member's permission; every action is audited; case actions go to the workflow (Updates, and
 * the objection signal for an objection received by phone).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { Express, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import {
  addNoteUpdate,
  addProposalUpdate,
  assignHandlerUpdate,
  caseStateQuery,
  convertToComplaintUpdate,
  markComplexUpdate,
  objectionDecidedUpdate,
  objectionSignal,
  recomputeDeadlinesUpdate,
  requestInformationUpdate,
  resolveUpdate,
  substantiveResponseSentUpdate,
} from '../../../workflows/caseWorkflow';
import { submissionHash, submitCase, type IntakeDeps } from '../../cases/submitCase';
import type { Config } from '../../config';
import { listCaseEvents } from '../../db/caseEvents';
import { listCases, PAGE_SIZE, type CaseListFilter } from '../../db/caseList';
import { getCase, SubmissionConflictError } from '../../db/cases';
import type { Sql } from '../../db/db';
import { listOutbox } from '../../db/outbox';
import { currentRules, loadSettings, saveSetting } from '../../db/settings';
import { audit, auditOf, createSession, createStaff, endSession, listStaff, updateStaff, verifySignIn } from '../../db/staff';
import { assignTask, claimTask, completeTask, listInbox, listTasks, taskReference } from '../../db/tasks';
import { OPEN_STATUSES, type CaseStatus, type Language } from '../../domain/case';
import { CATEGORY_KEYS, categoryLabel } from '../../domain/categories';
import { LIMITS, parseIntake } from '../../domain/intake';
import { explainCaseDeadlines, type DeadlineKind } from '../../domain/caseDeadlineExplanations';
import { listRootCauses, rootCauseLabel } from '../../db/rootCauses';
import { isPaused, JUSTIFIED, refusal, statusLabel, type Justified, type Action, type CaseState, type StaffAction } from '../../domain/lifecycle';
import { can, isRole, ROLE_LABELS, ROLES, type Permission } from '../../domain/staff';
import { isReference } from '../../domain/reference';
import { formatDate, formatDateTime } from '../../i18n/dates';
import { isMessageKey, t, type MessageKey } from '../../i18n/messages';
import { logger } from '../../logger';
import { cookieOptions, requireStaff, SESSION_COOKIE } from './session';

type Page = (req: Request, res: Response, view: string, lang: Language, data: Record<string, unknown>, status?: number) => void;

export interface AdminDeps {
  sql: Sql;
  client: Client;
  config: Config;
  intake: IntakeDeps;
  page: Page;
  csrfToken: (req: Request, res: Response) => string;
  csrfProtection: RequestHandler;
  notFound: (req: Request, res: Response) => void;
}

/** One form per action of the procedure on the case page. */
interface CaseAction {
  name: string;
  label: MessageKey;
  permission: Permission;
  fields: {
    name: string; label: MessageKey;
    kind: 'textarea' | 'date' | 'checkbox' | 'staff' | 'justified' | 'rootCause';
    /** Fields that may stay empty (the improvement action is optional). */
    optional?: boolean;
  }[];
  /** The action as the lifecycle rules see it, from the submitted form. */
  toAction(body: Record<string, string>, by: string): Action;
  run(client: Client, reference: string, action: Action): Promise<unknown>;
}

function staffUpdate<A extends StaffAction>(def: { name: string }, label: MessageKey, permission: Permission,
  fields: CaseAction['fields'], toAction: (b: Record<string, string>, by: string) => A): CaseAction {
  return {
    name: (toAction({}, '') as Action).type,
    label,
    permission,
    fields,
    toAction,
    run: (client, reference, action) => {
      const { type: _type, ...payload } = action as A;
      return client.workflow.getHandle(reference).executeUpdate(def.name, { args: [payload] });
    },
  };
}

const CASE_ACTIONS: CaseAction[] = [
  staffUpdate(assignHandlerUpdate, 'admin.action.assignHandler', 'cases.assign', [{ name: 'handler', label: 'admin.field.handler', kind: 'staff' }],
    (b, by) => ({ type: 'assignHandler', handler: b.handler ?? '', by })),
  staffUpdate(requestInformationUpdate, 'admin.action.requestInformation', 'cases.act', [{ name: 'question', label: 'admin.field.question', kind: 'textarea' }],
    (b, by) => ({ type: 'requestInformation', question: b.question ?? '', by })),
  staffUpdate(substantiveResponseSentUpdate, 'admin.action.substantiveResponseSent', 'cases.act', [{ name: 'text', label: 'admin.field.text', kind: 'textarea' }],
    (b, by) => ({ type: 'substantiveResponseSent', text: b.text ?? '', by })),
  staffUpdate(addProposalUpdate, 'admin.action.addProposal', 'cases.act', [{ name: 'text', label: 'admin.field.text', kind: 'textarea' }],
    (b, by) => ({ type: 'addProposal', text: b.text ?? '', by })),
  staffUpdate(markComplexUpdate, 'admin.action.markComplex', 'cases.act', [
    { name: 'reason', label: 'admin.field.reason', kind: 'textarea' }, { name: 'expectedDate', label: 'admin.field.expectedDate', kind: 'date' }],
  (b, by) => ({ type: 'markComplex', reason: b.reason ?? '', expectedDate: b.expectedDate ?? '', by })),
  staffUpdate(resolveUpdate, 'admin.action.resolve', 'cases.act', [
    { name: 'outcome', label: 'admin.field.outcome', kind: 'textarea' }, { name: 'solution', label: 'admin.field.solution', kind: 'textarea' },
    { name: 'justified', label: 'admin.field.justified', kind: 'justified' }, { name: 'rootCause', label: 'admin.field.rootCause', kind: 'rootCause' },
    { name: 'improvementText', label: 'admin.field.improvementText', kind: 'textarea', optional: true },
    { name: 'improvementOwner', label: 'admin.field.improvementOwner', kind: 'staff', optional: true },
    { name: 'improvementDue', label: 'admin.field.improvementDue', kind: 'date', optional: true }],
  (b, by) => ({
    type: 'resolve', outcome: b.outcome ?? '', solution: b.solution ?? '', by,
    justified: (b.justified ?? '') as Justified, rootCause: b.rootCause ?? '',
    // An improvement action is recorded when its text is given; owner and date are then required.
    ...(b.improvementText?.trim()
      ? { improvement: { text: b.improvementText, owner: b.improvementOwner ?? '', dueDate: b.improvementDue ?? '' } } : {}),
  })),
  staffUpdate(convertToComplaintUpdate, 'admin.action.convertToComplaint', 'cases.act', [{ name: 'reason', label: 'admin.field.reason', kind: 'textarea' }],
    (b, by) => ({ type: 'convertToComplaint', reason: b.reason ?? '', by })),
  {
    name: 'objection',
    label: 'admin.action.objection',
    permission: 'cases.act',
    fields: [{ name: 'reason', label: 'admin.field.reason', kind: 'textarea' }],
    toAction: (b, by) => ({ type: 'objection', reason: b.reason ?? '', by }),
    run: (client, reference, action) => {
      const { type: _type, ...payload } = action;
      return client.workflow.getHandle(reference).signal(objectionSignal, payload as { reason: string; by?: string });
    },
  },
  staffUpdate(objectionDecidedUpdate, 'admin.action.objectionDecided', 'objections.decide', [
    { name: 'decision', label: 'admin.field.decision', kind: 'textarea' }, { name: 'upheld', label: 'admin.field.upheld', kind: 'checkbox' }],
  (b, by) => ({ type: 'objectionDecided', decision: b.decision ?? '', upheld: b.upheld === 'on', by })),
  staffUpdate(addNoteUpdate, 'admin.action.addNote', 'cases.act', [{ name: 'text', label: 'admin.field.note', kind: 'textarea' }],
    (b, by) => ({ type: 'addNote', text: b.text ?? '', by })),
  staffUpdate(recomputeDeadlinesUpdate, 'admin.action.recomputeDeadlines', 'cases.assign', [],
    (_b, by) => ({ type: 'recomputeDeadlines', by })),
];

/** Values that pass the input checks, to ask the lifecycle whether an action fits the state at all. */
const PROBE: Record<string, string> = {
  handler: 'x', question: 'x', text: 'x', reason: 'x', outcome: 'x', solution: 'x', decision: 'x', expectedDate: '2999-12-31',
  justified: 'justified', rootCause: 'product',
};

function languageOf(req: Request): Language {
  return req.query.lang === 'en' ? 'en' : 'nl';
}

function bodyOf(req: Request): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

export function mountAdmin(app: Express, deps: AdminDeps): void {
  const { sql, client, config } = deps;
  const forbidden = (req: Request, res: Response) => {
    const lang = languageOf(req);
    adminPage(req, res, 'error', { title: t(lang, 'admin.title'), message: t(lang, 'admin.forbidden') }, 403);
  };
  const need = (permission?: Permission) => requireStaff(permission, forbidden);
  const ip = (req: Request) => req.ip;

  function adminPage(req: Request, res: Response, view: string, data: Record<string, unknown>, status = 200) {
    const lang = languageOf(req);
    const staff = req.staff;
    deps.page(req, res, view, lang, {
      layout: 'admin',
      staff: staff ? { ...staff, roleLabel: ROLE_LABELS[staff.role][lang] } : undefined,
      nav: staff ? {
        inbox: can(staff.role, 'tasks.work'), cases: can(staff.role, 'cases.view'), phone: can(staff.role, 'phone.register'),
        settings: can(staff.role, 'settings.manage'), accounts: can(staff.role, 'accounts.manage'),
      } : undefined,
      csrfToken: deps.csrfToken(req, res),
      langQuery: lang === 'en' ? '?lang=en' : '',
      ...data,
    }, status);
  }

  // ---------------------------------------------------------------------------------------------
  // Sign-in

  // Failed sign-ins per address (the account lock-out counts per account).
  const signInLimit = rateLimit({ windowMs: 10 * 60_000, limit: 20, skipSuccessfulRequests: true, standardHeaders: 'draft-8', legacyHeaders: false,
    handler: (req, res) => adminPage(req, res, 'admin/signin', { title: t(languageOf(req), 'admin.signin.title'),
      problem: t(languageOf(req), 'error.rateLimited') }, 429) });

  const safeNext = (value: unknown) => (typeof value === 'string' && /^\/admin(\/[\w\-/?=&%.]*)?$/.test(value) ? value : '/admin');

  app.get('/admin/inloggen', (req, res) => {
    adminPage(req, res, 'admin/signin', { title: t(languageOf(req), 'admin.signin.title'), next: safeNext(req.query.next) });
  });

  app.post('/admin/inloggen', signInLimit, deps.csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const body = bodyOf(req);
      const result = await verifySignIn(sql, body.email ?? '', body.password ?? '');
      if (!result.ok) {
        await audit(sql, { staff: { email: body.email ?? '' }, action: `sign-in-failed`, ip: ip(req), detail: { reason: result.reason } });
        await new Promise((r) => setTimeout(r, 300)); // a small delay on every failure
        // One message for a wrong password and a locked account: no hint which addresses exist.
        adminPage(req, res, 'admin/signin', {
          title: t(lang, 'admin.signin.title'), email: body.email, next: safeNext(body.next), problem: t(lang, 'admin.signin.invalid'),
        }, 401);
        return;
      }
      const token = await createSession(sql, result.staff.id, ip(req));
      res.cookie(SESSION_COOKIE, token, cookieOptions(config.secureCookies));
      await audit(sql, { staff: result.staff, action: 'signed-in', ip: ip(req) });
      res.redirect(303, safeNext(body.next));
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/uitloggen', need(), deps.csrfProtection, async (req, res, next) => {
    try {
      const token = (req.cookies as Record<string, string>)[SESSION_COOKIE];
      if (token) await endSession(sql, token);
      await audit(sql, { staff: req.staff!, action: 'signed-out', ip: ip(req) });
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.redirect(303, '/admin/inloggen');
    } catch (err) {
      next(err);
    }
  });

  app.get('/admin', need(), (req, res) => {
    res.redirect(303, can(req.staff!.role, 'tasks.work') ? '/admin/taken' : '/admin/zaken');
  });

  // ---------------------------------------------------------------------------------------------
  // Inbox

  const VIEWS = ['mine', 'team', 'unassigned', 'all'] as const;
  app.get('/admin/taken', need('tasks.work'), async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const view = (VIEWS as readonly string[]).includes(String(req.query.view)) ? (req.query.view as (typeof VIEWS)[number]) : 'mine';
      const tasks = await listInbox(sql, view, req.staff!);
      const now = Date.now();
      adminPage(req, res, 'admin/inbox', {
        title: t(lang, 'admin.inbox.title'),
        views: VIEWS.map((v) => ({ key: v, label: t(lang, `admin.inbox.${v}` as MessageKey), current: v === view })),
        view,
        canAssign: can(req.staff!.role, 'cases.assign'),
        staffList: can(req.staff!.role, 'cases.assign') ? (await listStaff(sql)).filter((s) => s.active && s.role !== 'admin') : [],
        tasks: tasks.map((task) => ({
          ...task,
          title: lang === 'en' && task.titleEn ? task.titleEn : task.title,
          due: task.dueAt ? formatDateTime(task.dueAt, lang) : undefined,
          overdue: task.dueAt ? task.dueAt.getTime() < now : false,
          mine: task.assignee === req.staff!.email,
        })),
      });
    } catch (err) {
      next(err);
    }
  });

  async function taskChange(req: Request, res: Response, change: () => Promise<string>, action: string) {
    const id = Number(req.params.id);
    const reference = Number.isInteger(id) ? await taskReference(sql, id) : undefined;
    if (!reference) return deps.notFound(req, res);
    const outcome = await change();
    await audit(sql, { staff: req.staff!, action: `task.${action}`, reference, ip: ip(req), detail: { task: id, outcome } });
    if (outcome !== 'done') {
      forbiddenTask(req, res, outcome);
      return;
    }
    res.redirect(303, `/admin/taken?view=${encodeURIComponent(String(bodyOf(req).view ?? 'mine'))}`);
  }
  const forbiddenTask = (req: Request, res: Response, why: string) => adminPage(req, res, 'error', {
    title: t(languageOf(req), 'admin.inbox.title'),
    message: t(languageOf(req), why === 'excluded' ? 'admin.inbox.excluded' : why === 'not-found' ? 'admin.inbox.gone' : 'admin.inbox.notAllowed'),
  }, why === 'not-found' ? 404 : 403);

  app.post('/admin/taken/:id/oppakken', need('tasks.work'), deps.csrfProtection, (req, res, next) => {
    taskChange(req, res, () => claimTask(sql, Number(req.params.id), req.staff!), 'claim').catch(next);
  });
  app.post('/admin/taken/:id/toewijzen', need('cases.assign'), deps.csrfProtection, (req, res, next) => {
    const assignee = bodyOf(req).assignee ?? '';
    taskChange(req, res, async () => {
      const staff = (await listStaff(sql)).find((s) => s.email === assignee && s.active);
      return staff ? assignTask(sql, Number(req.params.id), staff) : 'not-allowed';
    }, 'assign').catch(next);
  });
  app.post('/admin/taken/:id/afronden', need('tasks.work'), deps.csrfProtection, (req, res, next) => {
    taskChange(req, res, () => completeTask(sql, Number(req.params.id), req.staff!, can(req.staff!.role, 'cases.assign')), 'complete').catch(next);
  });

  // ---------------------------------------------------------------------------------------------
  // Case list

  app.get('/admin/zaken', need('cases.view'), async (req, res, next) => {
    try {
      const lang = languageOf(req);
      // Only single string values: ?a=1&a=2 arrives as an array in Express 5.
      const q = Object.fromEntries(Object.entries(req.query).filter(([, v]) => typeof v === 'string')) as Record<string, string | undefined>;
      const filter: CaseListFilter = {
        status: (['received', 'in-progress', 'awaiting-customer', 'responded', 'resolved', 'objected', 'closed'] as const)
          .find((s) => s === q.status),
        caseType: q.type === 'complaint' || q.type === 'feedback' ? q.type : undefined,
        channel: q.channel === 'web' || q.channel === 'phone' ? q.channel : undefined,
        category: CATEGORY_KEYS.find((c) => c === q.category),
        handler: q.handler?.trim() || undefined,
        overdue: q.overdue === '1',
        breached: q.breached === '1',
        objected: q.objected === '1',
        q: q.q?.trim().slice(0, 200) || undefined,
      };
      const dueWithin = Number(q.due);
      if (Number.isInteger(dueWithin) && dueWithin > 0 && dueWithin <= 60) {
        filter.dueBefore = (await currentRules(sql)).calendar.addWorkingDays(new Date(), dueWithin).deadline;
      }
      const page = Math.max(1, Math.min(10_000, Number(q.page) || 1));
      const { rows, total } = await listCases(sql, filter, page);
      const link = (p: number) => `/admin/zaken?${new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([, v]) => v)), page: String(p) } as Record<string, string>)}`;
      adminPage(req, res, 'admin/cases', {
        title: t(lang, 'admin.cases.title'),
        q,
        total: t(lang, 'admin.cases.count', { total }),
        statuses: ['received', 'in-progress', 'awaiting-customer', 'responded', 'resolved', 'objected', 'closed']
          .map((s) => ({ value: s, label: statusLabel(s as CaseStatus), selected: s === q.status })),
        categories: CATEGORY_KEYS.map((c) => ({ value: c, label: categoryLabel(c, lang), selected: c === q.category })),
        rows: rows.map((r) => ({
          ...r,
          statusText: statusLabel(r.status),
          category: categoryLabel(r.category, lang),
          received: formatDateTime(r.receivedAt, lang),
          deadline: r.nextDeadline ? formatDate(r.nextDeadline, lang) : '',
          overdue: r.nextDeadline ? r.nextDeadline.getTime() < Date.now() : false,
          breached: r.breaches.length > 0,
        })),
        previous: page > 1 ? link(page - 1) : undefined,
        next: page * PAGE_SIZE < total ? link(page + 1) : undefined,
      });
    } catch (err) {
      next(err);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Case page and actions

  async function renderCase(req: Request, res: Response, reference: string, o: { problem?: string; status?: number } = {}) {
    const lang = languageOf(req);
    const record = await getCase(sql, reference);
    if (!record) return deps.notFound(req, res);
    const state: CaseState | undefined = await client.connection
      .withDeadline(Date.now() + 5_000, () => client.workflow.getHandle(reference).query(caseStateQuery))
      .catch((err: unknown) => {
        logger.warn({ err, reference }, 'case state unavailable for the case page');
        return undefined;
      });
    const [events, outbox, tasks, auditLog, staffList, { calendar }, rootCauses] = await Promise.all([
      listCaseEvents(sql, reference), listOutbox(sql, reference), listTasks(sql, reference), auditOf(sql, reference),
      listStaff(sql), currentRules(sql), listRootCauses(sql, { activeOnly: true }),
    ]);
    const me = req.staff!;
    const now = new Date();
    const deadlines = state?.deadlines ?? record.deadlines;
    // The clocks of the 5- and 34-working-day promises stand still while a paused case waits.
    const paused = state !== undefined && isPaused(state);
    const why = explainCaseDeadlines(calendar, {
      receivedAt: record.receivedAt.toISOString(), deadlines, policy: state?.policy ?? record.policy,
      outcomeAt: state?.outcome?.at, objectionWindowEnds: state?.objectionWindowEnds,
      objectionAt: state?.objection?.at, reviewDue: state?.objection?.reviewDue,
    }, lang);
    const deadlineRows = [
      { kind: 'acknowledgement', label: 'Ontvangstbevestiging (24 uur)', at: deadlines.acknowledgementDue, met: state?.acknowledged },
      { kind: 'substantive-response', label: 'Inhoudelijke reactie (werkdag 5)', at: deadlines.substantiveResponseDue, met: Boolean(state?.substantiveResponseAt), pausable: true },
      ...(deadlines.resolutionDue ? [{ kind: 'resolution', label: 'Afhandeling klacht (werkdag 34)', at: deadlines.resolutionDue, met: Boolean(state?.outcome), pausable: true }] : []),
      ...(state?.objectionWindowEnds ? [{ kind: 'objection-window', label: 'Einde bezwaartermijn', at: state.objectionWindowEnds, met: state.status !== 'resolved' }] : []),
      ...(state?.objection?.reviewDue ? [{ kind: 'objection-review', label: 'Beslissing op bezwaar', at: state.objection.reviewDue, met: Boolean(state.decision) }] : []),
    ].map(({ kind, label, at, met, pausable }) => {
      const date = new Date(at);
      const left = calendar.workingDaysBetween(now, date);
      return {
        label,
        at: formatDateTime(date, lang),
        why: why[kind as DeadlineKind] ?? [],
        left: met ? t(lang, 'admin.case.met') : pausable && paused ? t(lang, 'admin.case.paused')
          : date <= now ? t(lang, 'admin.case.passed')
            : left === 1 ? t(lang, 'admin.case.workingDayLeft') : t(lang, 'admin.case.workingDaysLeft', { n: left }),
        passed: met || (!(pausable && paused) && date <= now),
      };
    });
    const actions = state ? CASE_ACTIONS
      .filter((a) => can(me.role, a.permission) && refusal(state, a.toAction(PROBE, me.email), now.getTime()) === undefined)
      .map((a) => ({
        name: a.name,
        label: t(lang, a.label),
        fields: a.fields.map((f) => ({ ...f, label: t(lang, f.label), [f.kind]: true })),
      })) : [];
    adminPage(req, res, 'admin/case', {
      title: reference,
      record: {
        ...record,
        category: categoryLabel(record.category, lang),
        received: formatDateTime(record.receivedAt, lang),
        type: t(lang, record.caseType === 'complaint' ? 'noun.complaint' : 'noun.feedback'),
      },
      statusText: state ? statusLabel(state.status) : statusLabel(record.status),
      handler: state?.handler,
      breaches: state?.breaches ?? [],
      complex: state?.complex,
      deadlines: deadlineRows,
      timeline: (state?.timeline ?? events.map((e, i) => ({
        seq: i + 1, at: e.occurredAt.toISOString(), event: e.event, actor: e.actor, visibility: e.visibility, text: e.body ?? undefined,
        detail: e.detail,
      }))).map((e) => ({
        ...e, when: formatDateTime(e.at, lang), internal: e.visibility === 'internal',
        label: isMessageKey(`admin.event.${e.event}`) ? t(lang, `admin.event.${e.event}` as MessageKey) : e.event,
        details: e.detail ? Object.entries(e.detail).map(([k, v]) => `${k}: ${String(v)}`).join(', ') : '',
      })).reverse(),
      unavailable: !state,
      outbox: outbox.map((m) => ({ ...m, created: formatDateTime(m.createdAt, lang) })),
      tasks: tasks.map((task) => ({ ...task, title: lang === 'en' && task.titleEn ? task.titleEn : task.title, due: task.dueAt ? formatDateTime(task.dueAt, lang) : '' })),
      audit: auditLog.map((a) => ({ ...a, when: formatDateTime(a.at, lang), details: JSON.stringify(a.detail) })),
      actions,
      takeCase: state && !state.handler && OPEN_STATUSES.includes(state.status) && can(me.role, 'cases.act') && !can(me.role, 'cases.assign'),
      staffList: staffList.filter((s) => s.active && s.role !== 'admin'),
      judgement: state?.outcome?.justified ? {
        justified: t(lang, `admin.justified.${state.outcome.justified}`),
        rootCause: rootCauses.find((c) => c.key === state.outcome?.rootCause)?.[lang === 'en' ? 'labelEn' : 'labelNl'] ?? state.outcome.rootCause,
      } : undefined,
      justifiedOptions: JUSTIFIED.map((value) => ({ value, label: t(lang, `admin.justified.${value}`) })),
      rootCauses: rootCauses.map((c) => ({ key: c.key, label: rootCauseLabel(c, lang) })),
      temporalUrl: `${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(reference)}`,
      done: typeof req.query.gedaan === 'string' ? CASE_ACTIONS.find((a) => a.name === req.query.gedaan) : undefined,
      doneText: typeof req.query.gedaan === 'string' && CASE_ACTIONS.some((a) => a.name === req.query.gedaan)
        ? t(lang, 'admin.case.done', { action: t(lang, CASE_ACTIONS.find((a) => a.name === req.query.gedaan)!.label) }) : undefined,
      problem: o.problem,
    }, o.status);
  }

  app.get('/admin/zaken/:reference', need('cases.view'), (req, res, next) => {
    if (!isReference(String(req.params.reference))) return deps.notFound(req, res);
    renderCase(req, res, String(req.params.reference)).catch(next);
  });

  /** Choices the workflow cannot check itself: staff members and root causes that exist. */
  async function unknownChoice(action: string, body: Record<string, string>): Promise<string | undefined> {
    const active = async (email: string | undefined) => (await listStaff(sql)).some((s) => s.email === email && s.active);
    if (action === 'assignHandler' && !(await active(body.handler))) return 'onbekende medewerker';
    if (action !== 'resolve') return undefined;
    if (body.rootCause && !(await listRootCauses(sql, { activeOnly: true })).some((c) => c.key === body.rootCause)) {
      return 'onbekende oorzaak';
    }
    if (body.improvementText?.trim() && !(await active(body.improvementOwner))) return 'kies de eigenaar van de verbeteractie';
    return undefined;
  }

  app.post('/admin/zaken/:reference/actie/:action', need(), deps.csrfProtection, async (req, res, next) => {
    try {
      const reference = String(req.params.reference);
      const me = req.staff!;
      const lang = languageOf(req);
      const takeCase = req.params.action === 'takeCase';
      const action = takeCase ? CASE_ACTIONS[0]! : CASE_ACTIONS.find((a) => a.name === req.params.action);
      if (!isReference(reference) || !action || !(await getCase(sql, reference))) return deps.notFound(req, res);
      if (!can(me.role, takeCase ? 'cases.act' : action.permission)) return forbidden(req, res);
      const body = takeCase ? { handler: me.email } : bodyOf(req);
      if (takeCase) {
        // Taking a case is for unassigned ones; reassigning is the team lead's.
        const current = await client.workflow.getHandle(reference).query(caseStateQuery).catch(() => undefined);
        if (!current || current.handler) return forbidden(req, res);
      }
      const unknown = await unknownChoice(action.name, body);
      if (unknown) return renderCase(req, res, reference, { problem: t(lang, 'admin.case.refused', { reason: unknown }), status: 422 });
      const chosen = action.toAction(body, me.email);
      let reason: string | undefined;
      try {
        if (action.name === 'objection') {
          // A signal cannot answer: check the rules first, as the workflow will.
          const state = await client.workflow.getHandle(reference).query(caseStateQuery);
          reason = refusal(state, chosen, Date.now());
        }
        if (!reason) await client.connection.withDeadline(Date.now() + 15_000, () => action.run(client, reference, chosen));
      } catch (err) {
        {
          if (err instanceof WorkflowUpdateFailedError) reason = err.cause?.message ?? err.message;
          else if (err instanceof WorkflowNotFoundError) reason = 'deze zaak is al afgesloten.';
          else throw err;
        }
      }
      await audit(sql, { staff: me, action: `case.${action.name}`, reference, ip: ip(req), detail: reason ? { refused: reason } : {} });
      if (reason) {
        await renderCase(req, res, reference, { problem: t(lang, 'admin.case.refused', { reason }), status: 422 });
        return;
      }
      res.redirect(303, `/admin/zaken/${reference}?gedaan=${action.name}${lang === 'en' ? '&lang=en' : ''}`);
    } catch (err) {
      next(err);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Register a phone complaint

  function phoneForm(req: Request, res: Response, o: { values?: Record<string, string>; errors?: Record<string, string>; problem?: string; status?: number } = {}) {
    const lang = languageOf(req);
    adminPage(req, res, 'admin/phone', {
      title: t(lang, 'admin.phone.title'),
      values: { receivedAt: amsterdamLocal(new Date()), language: 'nl', submissionId: randomUUID(), ...o.values },
      errors: o.errors ?? {},
      problem: o.problem,
      limits: LIMITS,
      categories: CATEGORY_KEYS.map((c) => ({ value: c, label: categoryLabel(c, lang), selected: c === o.values?.category })),
    }, o.status);
  }

  app.get('/admin/telefoon', need('phone.register'), (req, res) => phoneForm(req, res));

  app.post('/admin/telefoon', need('phone.register'), deps.csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const values = bodyOf(req);
      const parsed = parseIntake(values, 'phone');
      const receivedAt = parseAmsterdamLocal(values.receivedAt ?? '');
      const errors: Record<string, string> = parsed.ok ? {} : Object.fromEntries(Object.entries(parsed.errors)
        .map(([f, k]) => [f, isMessageKey(k!) ? t(lang, k) : String(k)]));
      if (!receivedAt || receivedAt.getTime() > Date.now() + 60_000 || Date.now() - receivedAt.getTime() > 30 * 86_400_000) {
        errors.receivedAt = 'Vul een tijdstip in van de afgelopen 30 dagen, niet in de toekomst.';
      }
      if (!parsed.ok || Object.keys(errors).length > 0) {
        phoneForm(req, res, { values, errors, status: 422 });
        return;
      }
      const submission = {
        intake: parsed.value, channel: 'phone' as const, language: values.language === 'en' ? 'en' as const : 'nl' as const,
        submissionKey: `phone:${values.submissionId ?? randomUUID()}`, receivedAt: receivedAt!, registeredBy: req.staff!.email,
      };
      // Back, edit, register again: the edit is a case of its own, as on the public form.
      const { reference } = await submitCase(deps.intake, submission).catch((err: unknown) => {
        if (!(err instanceof SubmissionConflictError)) throw err;
        return submitCase(deps.intake, { ...submission, submissionKey: `${submission.submissionKey}:${submissionHash(submission).slice(0, 16)}` });
      });
      await audit(sql, { staff: req.staff!, action: 'case.registerPhone', reference, ip: ip(req) });
      res.redirect(303, `/admin/zaken/${reference}`);
    } catch (err) {
      next(err);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Settings (administrators)

  app.get('/admin/instellingen', need('settings.manage'), async (req, res, next) => {
    try {
      const settings = await loadSettings(sql);
      adminPage(req, res, 'admin/settings', { title: t(languageOf(req), 'admin.settings.title'), ...settingsView(settings, req), saved: req.query.opgeslagen === '1' });
    } catch (err) {
      next(err);
    }
  });

  const SettingsForm = z.object({
    closureDays: z.string().max(5000).transform((s) => s.split(/\s+/).filter(Boolean))
      .pipe(z.array(z.iso.date({ error: 'sluitingsdagen moeten datums zijn (jjjj-mm-dd)' })).max(200)),
    goodFriday: z.literal('on').optional().transform((v) => v === 'on'),
    liberationDay: z.enum(['every-year', 'every-fifth-year', 'never']),
    pause: z.literal('on').optional().transform((v) => v === 'on'),
    warnings: z.string().max(100).transform((s) => s.split(/[,\s]+/).filter(Boolean).map(Number))
      .pipe(z.array(z.number().int().min(1).max(33, { error: 'waarschuwingen liggen tussen werkdag 1 en 33' })).max(5)),
    objectionWindow: z.coerce.number().int().min(1).max(365),
    objectionReview: z.coerce.number().int().min(1).max(60),
    maxMessages: z.coerce.number().int().min(1).max(200),
    recipients: z.string().max(5000).transform((s) => s.split(/\s+/).filter(Boolean))
      .pipe(z.array(z.email({ error: 'ontvangers moeten e-mailadressen zijn' })).max(50)),
  });

  app.post('/admin/instellingen', need('settings.manage'), deps.csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const parsed = SettingsForm.safeParse(bodyOf(req));
      if (!parsed.success) {
        const settings = await loadSettings(sql);
        adminPage(req, res, 'admin/settings', {
          title: t(lang, 'admin.settings.title'), ...settingsView(settings, req),
          problem: t(lang, 'admin.settings.invalid', { problem: parsed.error.issues.map((i) => i.message).join('; ') }),
        }, 422);
        return;
      }
      const f = parsed.data;
      const current = await loadSettings(sql);
      const next = {
        calendar: { goodFriday: f.goodFriday, liberationDay: f.liberationDay, closureDays: f.closureDays },
        policy: { ...current.policy, pauseWhileWaitingOnCustomer: f.pause, resolutionWarningWorkingDays: f.warnings,
          objectionWindowDays: f.objectionWindow, objectionReviewWorkingDays: f.objectionReview, maxCustomerMessages: f.maxMessages },
        reportRecipients: f.recipients,
      };
      for (const key of ['calendar', 'policy', 'reportRecipients'] as const) {
        if (JSON.stringify(current[key]) === JSON.stringify(next[key])) continue;
        const before = await saveSetting(sql, key, next[key] as never, req.staff!.email);
        await audit(sql, { staff: req.staff!, action: `settings.${key}`, ip: ip(req), detail: { old: before, new: next[key] } });
      }
      res.redirect(303, `/admin/instellingen?opgeslagen=1${lang === 'en' ? '&lang=en' : ''}`);
    } catch (err) {
      next(err);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Accounts (administrators)

  async function accountsPage(req: Request, res: Response, o: { created?: string; problem?: string; status?: number } = {}) {
    const lang = languageOf(req);
    const staff = await listStaff(sql);
    adminPage(req, res, 'admin/accounts', {
      title: t(lang, 'admin.accounts.title'),
      accounts: staff.map((s) => ({ ...s, roleLabel: ROLE_LABELS[s.role][lang], self: s.id === req.staff!.id })),
      roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] })),
      created: o.created,
      problem: o.problem,
    }, o.status);
  }

  app.get('/admin/accounts', need('accounts.manage'), (req, res, next) => { accountsPage(req, res).catch(next); });

  const NewAccount = z.object({
    email: z.email({ error: 'ongeldig e-mailadres' }).max(254),
    name: z.string().trim().min(1, { error: 'naam ontbreekt' }).max(200),
    role: z.enum(ROLES),
  });

  app.post('/admin/accounts', need('accounts.manage'), deps.csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const parsed = NewAccount.safeParse(bodyOf(req));
      if (!parsed.success) {
        await accountsPage(req, res, { problem: t(lang, 'admin.accounts.invalid', { problem: parsed.error.issues.map((i) => i.message).join('; ') }), status: 422 });
        return;
      }
      const password = randomBytes(12).toString('base64url');
      const created = await createStaff(sql, { ...parsed.data, password }).catch((err: { code?: string }) => {
        if (err.code === '23505') return undefined; // unique violation: the address exists
        throw err;
      });
      if (!created) {
        await accountsPage(req, res, { problem: t(lang, 'admin.accounts.invalid', { problem: 'dit e-mailadres heeft al een account' }), status: 422 });
        return;
      }
      await audit(sql, { staff: req.staff!, action: 'account.create', ip: ip(req), detail: { email: created.email, role: created.role } });
      await accountsPage(req, res, { created: t(lang, 'admin.accounts.created', { email: created.email, password }) });
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/accounts/:id', need('accounts.manage'), deps.csrfProtection, async (req, res, next) => {
    try {
      const id = Number(req.params.id);
      const body = bodyOf(req);
      const target = (await listStaff(sql)).find((s) => s.id === id);
      if (!target || id === req.staff!.id) return forbidden(req, res); // no changes to one's own account here
      const changes = { ...(isRole(body.role) ? { role: body.role } : {}), ...(body.active === '0' || body.active === '1' ? { active: body.active === '1' } : {}) };
      await updateStaff(sql, id, changes);
      await audit(sql, { staff: req.staff!, action: 'account.update', ip: ip(req), detail: { email: target.email, before: { role: target.role, active: target.active }, changes } });
      res.redirect(303, `/admin/accounts${languageOf(req) === 'en' ? '?lang=en' : ''}`);
    } catch (err) {
      next(err);
    }
  });

  function settingsView(settings: Awaited<ReturnType<typeof loadSettings>>, req: Request) {
    const lang = languageOf(req);
    return {
      closureDays: settings.calendar.closureDays.join('\n'),
      goodFriday: settings.calendar.goodFriday,
      liberationOptions: (['every-year', 'every-fifth-year', 'never'] as const).map((v) => ({
        value: v, label: t(lang, `admin.settings.liberation.${v}` as MessageKey), selected: settings.calendar.liberationDay === v,
      })),
      policy: settings.policy,
      warnings: settings.policy.resolutionWarningWorkingDays.join(', '),
      recipients: settings.reportRecipients.join('\n'),
    };
  }
}

/** "2026-11-25T14:30" in Amsterdam time, for a datetime-local field. */
function amsterdamLocal(instant: Date): string {
  return instant.toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(' ', 'T').slice(0, 16);
}

/** The instant of a datetime-local value entered in Amsterdam time. */
function parseAmsterdamLocal(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  for (const offset of ['+01:00', '+02:00']) {
    const candidate = new Date(`${value}:00${offset}`);
    if (!Number.isNaN(candidate.getTime()) && amsterdamLocal(candidate) === value) return candidate;
  }
  return undefined;
}

/**
 * Zaken: the case list from the read model with its filters, the case page (submission, timeline,
 * deadlines, tasks, emails, audit log, one form per action that fits the state), and the case
 * actions, which go to the workflow (Updates, and the objection signal for an objection received
 * by phone).
 */
import { isGrpcDeadlineError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Express, Request, Response } from 'express';
import { breachLabel, PART_LABELS } from '../../analysis/definitions';
import { ANALYSIS_FILTER_KEYS, caseFilterQuery, describeCaseFilter, parseCaseFilterQuery } from '../../analysis/caseFilter';
import { caseConcerns, caseVisibleTo, concernsOf } from '../../db/caseConcerns';
import { timelineOf, type CaseEventRow } from '../../db/caseEvents';
import { textProblem, typedAgain } from '../../domain/text';
import { listCases, otherCasesOf, type CaseListFilter } from '../../db/caseList';
import { formatNumber } from '../../analysis/format';
import type { CaseRecord } from '../../db/cases';
import { listOutbox } from '../../db/outbox';
import { STATUS_LINK_PLACEHOLDER } from '../../cases/statusLinks';
import { listRootCauses, rootCauseLabel } from '../../db/rootCauses';
import { currentRules } from '../../db/settings';
import { audit, auditOf, listStaff } from '../../db/staff';
import { viewCase } from '../../db/caseViews';
import { listAttachments } from '../../db/attachments';
import { attachmentRows } from '../attachments';
import { listQueue } from '../../db/queue';
import { listTasks } from '../../db/tasks';
import { OPEN_STATUSES, type CaseStatus } from '../../domain/case';
import { explainCaseDeadlines, type DeadlineKind } from '../../domain/caseDeadlineExplanations';
import { CATEGORY_KEYS, categoryLabel } from '../../domain/categories';
import { isCustomerAction, isPaused, JUSTIFIED, refusal, statusLabel, SYSTEM, type Action, type CaseState, type TimelineEntry } from '../../domain/lifecycle';
import { isReference } from '../../domain/reference';
import { can, type Role } from '../../domain/staff';
import { actionForCase } from '../../domain/staffInCase';
import { amsterdamDate } from '../../calendar/workingDays';
import { formatCountdown, formatDate, formatDateTime } from '../../i18n/dates';
import { countdown } from '../../calendar/countdown';
import { isMessageKey, t, tn, type MessageKey } from '../../i18n/messages';
import { CASE_ACTIONS, PROBE } from './caseActions';
import { mountCaseConcerns, type RenderCase } from './caseConcerns';
import { caseQueryState, caseStateForPage, untilProjected } from '../../cases/caseStateForPages';
import { savedViewsPanel } from './savedViews';
import { staffNames } from './staffNames';
import { timelineDetails } from './timelineDetails';
import { previewEmail, sendsEmail } from './emailPreview';
import { listReplyTemplates, replyTemplate } from '../../db/replyTemplates';
import { fillTemplate, isTemplatePurpose, TEMPLATE_PURPOSES } from '../../replyTemplates/placeholders';
import { caseValues } from '../../replyTemplates/caseValues';
import { bodyOf, languageOf, localized, type AdminContext } from './context';

/** The case page's AVG panel: erase (administrators), revoke the status link (who works cases), or what became of the data. */
function privacyView(record: CaseRecord, role: Role, lang: 'nl' | 'en') {
  if (record.anonymisedAt) {
    const when = formatDateTime(record.anonymisedAt, lang);
    return { notice: t(lang, record.anonymisedReason === 'erasure' ? 'admin.privacy.erased' : 'admin.privacy.anonymised', { when }) };
  }
  const erase = can(role, 'cases.erase');
  const reissue = can(role, 'cases.act') && Boolean(record.email);
  return { panel: erase || reissue, erase, reissue };
}

/** An audit entry's action in words: a case action by its form's name, other steps by their own. */
function auditLabel(action: string, lang: 'nl' | 'en'): string {
  const caseAction = /^case\.(\w+)$/.exec(action)?.[1];
  const key = caseAction && isMessageKey(`admin.action.${caseAction}`) ? `admin.action.${caseAction}` : `admin.audit.${action}`;
  return isMessageKey(key) ? t(lang, key) : action;
}

/** A timeline event in words; an event without a label as it is. */
function eventLabel(event: string, lang: 'nl' | 'en'): string {
  const key = `admin.event.${event}`;
  return isMessageKey(key) ? t(lang, key) : event;
}

/** Who does an action, as the case names them. */
function actorOf(action: Action): string | undefined {
  return 'by' in action ? action.by : undefined;
}

/**
 * How far the page's timeline shows the workflow's: up to the first entry the read model does not
 * have yet (its step still under way), so that a form sent from the page is told of that one. An
 * entry whose write failed for good counts as shown: its failure is on the timeline.
 */
function seenUpTo(events: readonly CaseEventRow[]): number {
  const shown = new Set(events.map((e) => e.seq));
  for (const e of events) if (e.event === 'step-failed' && typeof e.detail.seq === 'number') shown.add(e.detail.seq);
  let seen = 0;
  while (shown.has(seen + 1)) seen += 1;
  return seen;
}

/**
 * What the customer or a colleague added to the timeline after the first `seen` entries (the page
 * the form came from); the system's own entries (confirmations, reminders) do not count.
 */
function happenedSince(state: CaseState, seen: number, me: string | undefined): TimelineEntry[] {
  if (!Number.isInteger(seen) || seen < 0) return [];
  return state.timeline.slice(seen).filter((e) => e.actor !== SYSTEM && e.actor !== me);
}

/** An agent's action says so: the workflow allows it on the agent's own or unassigned cases only. */
function asActor(action: Action, me: { role: Role }): Action {
  return me.role === 'agent' && !isCustomerAction(action) ? { ...action, asAgent: true } : action;
}

export function mountCases(app: Express, ctx: AdminContext): void {
  const { sql, client, config, csrfProtection, notFound, adminPage, need, forbidden, ip } = ctx;

  // ---------------------------------------------------------------------------------------------
  // Case list

  app.get('/admin/zaken', need('cases.view'), async (req, res, next) => {
    try {
      const lang = languageOf(req);
      // Only single string values: ?a=1&a=2 arrives as an array in Express 5.
      // A value with characters no case can hold (U+0000, say) matches nothing: it is left out.
      const q = Object.fromEntries(Object.entries(req.query)
        .filter(([, v]) => typeof v === 'string' && textProblem(v) === undefined)) as Record<string, string | undefined>;
      // The cases behind a figure of the analysis (category and channel are the list's own filters
      // too): a value that does not exist is refused, never dropped.
      const analysis = parseCaseFilterQuery(req.query as Record<string, unknown>);
      const filter: CaseListFilter = {
        status: (['received', 'in-progress', 'awaiting-customer', 'responded', 'resolved', 'objected', 'closed'] as const)
          .find((s) => s === q.status),
        caseType: q.type === 'complaint' || q.type === 'feedback' ? q.type : undefined,
        handler: q.handler?.trim() || undefined,
        overdue: q.overdue === '1',
        breached: q.breached === '1',
        objected: q.objected === '1',
        q: q.q?.trim().slice(0, 200) || undefined,
        analysis: analysis.ok ? analysis.value : undefined,
        hiddenFrom: req.staff!.email,
      };
      const dueWithin = Number(q.due);
      if (Number.isInteger(dueWithin) && dueWithin > 0 && dueWithin <= 60) {
        filter.dueBefore = (await currentRules(sql)).calendar.addWorkingDays(new Date(), dueWithin).deadline;
      }
      const page = Math.max(1, Math.min(10_000, Number(q.page) || 1));
      // The analysis filter beyond the form's own fields: described in words, kept by the form, and cleared by a link.
      const formKeys = new Set(['category', 'channel']);
      const beyondForm = analysis.ok
        ? Object.entries(caseFilterQuery(analysis.value)).filter(([key]) => !formKeys.has(key)).map(([name, value]) => ({ name, value }))
        : [];
      // Matches are counted up to COUNT_LIMIT ("meer dan 500 zaken"); the cases behind a figure of
      // the analysis are counted exactly, so the list shows the figure.
      const { rows, total, more, next: hasNext } = analysis.ok
        ? await listCases(sql, filter, page, beyondForm.length > 0 ? { countUpTo: Infinity } : {})
        : { rows: [], total: 0, more: false, next: false };
      const staff = await listStaff(sql);
      const names = staffNames(staff, lang);
      const link = (p: number) => `/admin/zaken?${new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([, v]) => v)), page: String(p) } as Record<string, string>)}`;
      const analysisKeys = new Set<string>(ANALYSIS_FILTER_KEYS);
      const cleared = new URLSearchParams(Object.entries(q)
        .filter(([key, v]) => v && !analysisKeys.has(key) && key !== 'page') as [string, string][]).toString();
      adminPage(req, res, 'admin/cases', {
        savedViews: await savedViewsPanel(ctx, req, '/admin/zaken'),
        withScript: true, // keyboard shortcuts
        title: t(lang, 'admin.cases.title'),
        q: typedAgain(q as Record<string, string>),
        total: tn(lang, more ? 'admin.cases.countMore' : 'admin.cases.count', total, { n: formatNumber(total, lang) }),
        problem: analysis.ok ? undefined : t(lang, 'admin.cases.invalidFilter', { reason: analysis.error.message[lang] }),
        analysisFilter: beyondForm.length > 0 && analysis.ok ? {
          description: describeCaseFilter(analysis.value, lang),
          hidden: beyondForm,
          clear: `/admin/zaken${cleared ? `?${cleared}` : ''}`,
        } : undefined,
        statuses: ['received', 'in-progress', 'awaiting-customer', 'responded', 'resolved', 'objected', 'closed']
          .map((s) => ({ value: s, label: statusLabel(s as CaseStatus, lang), selected: s === q.status })),
        categories: CATEGORY_KEYS.map((c) => ({ value: c, label: categoryLabel(c, lang), selected: c === q.category })),
        channels: (['web', 'phone'] as const).map((c) => ({ value: c, label: PART_LABELS.channel[c][lang], selected: c === q.channel })),
        handlers: staff.filter((m) => can(m.role, 'cases.act') || m.email === filter.handler)
          .map((m) => ({ value: m.email, label: m.active ? m.name : `${m.name} (${t(lang, 'admin.cases.inactive')})`, selected: m.email === filter.handler })),
        rows: rows.map((r) => ({
          ...r,
          handler: r.handler && names.of(r.handler),
          statusText: statusLabel(r.status, lang),
          category: categoryLabel(r.category, lang),
          received: formatDateTime(r.receivedAt, lang),
          deadline: r.nextDeadline ? formatDate(r.nextDeadline, lang) : '',
          overdue: r.nextDeadline ? r.nextDeadline.getTime() < Date.now() : false,
          breached: r.breaches.length > 0,
        })),
        previous: page > 1 ? link(page - 1) : undefined,
        next: hasNext ? link(page + 1) : undefined,
      }, analysis.ok ? 200 : 400);
    } catch (err) {
      next(err);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Case page and actions

  /** The case after this one in the staff member's own work (the queue's default view, by deadline): the "n" shortcut. */
  async function nextInWork(req: Request, reference: string) {
    if (!can(req.staff!.role, 'tasks.work')) return undefined;
    const { rows } = await listQueue(sql, 'work', req.staff!, { sort: 'deadline', descending: false, page: 1 });
    const references = rows.flatMap((r) => (r.reference ? [r.reference] : []));
    const next = references[references.indexOf(reference) + 1];
    return next && next !== reference ? { reference: next, href: localized(req, `/admin/zaken/${next}`) } : undefined;
  }

  const renderCase: RenderCase = async (req, res, reference, o = {}) => {
    const lang = languageOf(req);
    // A case that concerns the staff member does not exist for them.
    const record = await caseVisibleTo(sql, reference, req.staff!.email);
    if (!record) return notFound(req, res);
    const [{ state, events }, outbox, tasks, auditLog, staff, { calendar }, rootCauses, concerns, otherCases] = await Promise.all([
      caseStateForPage({ sql, client }, record, { closedToo: true }), listOutbox(sql, reference), listTasks(sql, reference), auditOf(sql, reference),
      listStaff(sql), currentRules(sql), listRootCauses(sql, { activeOnly: true }), concernsOf(sql, reference),
      otherCasesOf(sql, record, req.staff!.email),
    ]);
    const colleagues = await viewCase(sql, reference, req.staff!.id);
    const attachments = await listAttachments(sql, reference);
    const nextCase = await nextInWork(req, reference);
    // Reply templates in the customer's language, for the actions that write to them.
    const templates = await listReplyTemplates(sql, { language: record.language });
    const names = staffNames(staff, lang);
    const concerned = new Set(concerns.map((c) => c.staffEmail));
    // Those who may work cases, without anyone the case concerns.
    const staffList = staff.filter((s) => s.active && s.role !== 'admin' && s.role !== 'governance' && !concerned.has(s.email));
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
      { kind: 'acknowledgement', at: deadlines.acknowledgementDue, met: state?.acknowledged },
      { kind: 'substantive-response', at: deadlines.substantiveResponseDue, met: Boolean(state?.substantiveResponseAt), pausable: true },
      ...(deadlines.resolutionDue ? [{ kind: 'resolution', at: deadlines.resolutionDue, met: Boolean(state?.outcome), pausable: true }] : []),
      ...(state?.objectionWindowEnds ? [{ kind: 'objection-window', at: state.objectionWindowEnds, met: state.status !== 'resolved' }] : []),
      ...(state?.objection?.reviewDue ? [{ kind: 'objection-review', at: state.objection.reviewDue, met: Boolean(state.decision) }] : []),
    ].map(({ kind, at, met, pausable }) => {
      const date = new Date(at);
      return {
        label: t(lang, `admin.case.deadline.${kind}` as MessageKey),
        at: formatDateTime(date, lang),
        why: why[kind as DeadlineKind] ?? [],
        left: met ? t(lang, 'admin.case.met') : pausable && paused ? t(lang, 'admin.case.paused')
          : formatCountdown(countdown(calendar, date, now), lang),
        passed: met || (!(pausable && paused) && date <= now),
      };
    });
    // A refused action comes back open, with what was typed and the reason in its form.
    const typed = (a: { name: string }) => (o.open?.action === a.name ? typedAgain(o.open.values, Object.keys(o.open.values)) : {});
    const today = amsterdamDate(now);
    const options = (kind: string, value: string | undefined) => (
      kind === 'staff' ? staffList.map((m) => ({ value: m.email, label: `${m.name} (${m.email})` }))
        : kind === 'justified' ? JUSTIFIED.map((v) => ({ value: v, label: t(lang, `admin.justified.${v}`) }))
          : kind === 'rootCause' ? rootCauses.map((c) => ({ value: c.key, label: rootCauseLabel(c, lang) })) : []
    ).map((option) => ({ ...option, selected: option.value === value }));
    const actions = state ? CASE_ACTIONS
      .filter((a) => can(me.role, a.permission) && refusal(state, actionForCase(asActor(a.toAction(PROBE, me.email), me), state, staff), now.getTime()) === undefined)
      .map((a) => ({
        name: a.name,
        label: t(lang, a.label),
        open: o.open?.action === a.name,
        problem: o.open?.action === a.name ? o.problem : undefined,
        previewable: sendsEmail(a.toAction(PROBE, me.email), { calendar, policy: state.policy, now }),
        templates: templates.filter((tpl) => tpl.purpose === a.name)
          .map((tpl) => ({ value: tpl.id, label: tpl.name, selected: String(tpl.id) === typed(a).template })),
        templateFilled: o.open?.action === a.name ? o.templateFilled : undefined,
        // The "r" shortcut opens the first of these (src/web/public/admin.js).
        reply: isTemplatePurpose(a.name),
        preview: o.open?.action === a.name && o.preview ? ('none' in o.preview ? { none: true }
          : { subject: o.preview.subject, text: o.preview.text.split(STATUS_LINK_PLACEHOLDER).join(t(lang, 'admin.privacy.linkHidden')) }) : undefined,
        fields: a.fields.map((f) => ({
          ...f, label: t(lang, f.label), [f.kind]: true, value: typed(a)[f.name],
          checked: typed(a)[f.name] === 'on',
          select: ['staff', 'justified', 'rootCause'].includes(f.kind),
          options: options(f.kind, typed(a)[f.name]),
          // A date the rules would refuse (in the past) cannot be picked.
          min: f.kind === 'date' ? today : undefined,
        })),
      })) : [];
    adminPage(req, res, 'admin/case', {
      title: reference,
      record: {
        ...record,
        category: categoryLabel(record.category, lang),
        received: formatDateTime(record.receivedAt, lang),
        channel: PART_LABELS.channel[record.channel][lang],
        registeredBy: record.registeredBy && names.of(record.registeredBy),
        type: t(lang, record.caseType === 'complaint' ? 'noun.complaint' : 'noun.feedback'),
      },
      statusText: statusLabel(state?.status ?? record.status, lang),
      handler: state?.handler && names.of(state.handler),
      breaches: (state?.breaches ?? []).map((b) => breachLabel(b, lang)),
      complex: state?.complex,
      deadlines: deadlineRows,
      timeline: timelineOf(events).map((e) => ({
        ...e, actor: names.of(e.actor), when: formatDateTime(e.at, lang), internal: e.visibility === 'internal',
        label: eventLabel(e.event, lang),
        details: timelineDetails(e.detail, lang, names),
      })).reverse(),
      unavailable: !state && !record.anonymisedAt,
      // Staff never see the customer's status link (src/cases/statusLinks.ts): the outbox holds a placeholder.
      outbox: outbox.map((m) => ({ ...m, state: t(lang, `admin.email.${m.status}`), textBody: m.textBody.split(STATUS_LINK_PLACEHOLDER).join(t(lang, 'admin.privacy.linkHidden')),
        created: formatDateTime(m.createdAt, lang) })),
      privacy: privacyView(record, me.role, lang),
      otherCases: otherCases.map((c) => ({
        ...c, received: formatDate(c.receivedAt, lang), status: statusLabel(c.status, lang),
        type: t(lang, c.caseType === 'complaint' ? 'noun.complaint' : 'noun.feedback'),
      })),
      tasks: tasks.map((task) => ({ ...task, state: t(lang, `admin.task.${task.status}`), assignee: task.assignee && names.of(task.assignee), title: lang === 'en' && task.titleEn ? task.titleEn : task.title, due: task.dueAt ? formatDateTime(task.dueAt, lang) : '' })),
      // The customer's files (partials/caseAttachments.hbs), each a download (src/web/admin/attachments.ts).
      attachments: attachmentRows(attachments, lang, (a) => `/admin/zaken/${reference}/bijlagen/${a.id}`),
      audit: auditLog.map((a) => ({ ...a, when: formatDateTime(a.at, lang), who: names.of(a.staffEmail), what: auditLabel(a.action, lang) })),
      actions,
      // The timeline the page shows: an action sent from it is checked against what happened since.
      seen: seenUpTo(events),
      colleagues: colleagues.length > 0 ? t(lang, 'admin.case.colleagues', {
        names: colleagues.map((c) => t(lang, 'admin.case.colleague', { name: c.name, minutes: Math.max(1, Math.round((Date.now() - c.seenAt.getTime()) / 60_000)) })).join(', '),
      }) : undefined,
      takeCase: state && !state.handler && OPEN_STATUSES.includes(state.status) && can(me.role, 'cases.act') && !can(me.role, 'cases.assign'),
      staffList,
      concerns: can(me.role, 'cases.assign') ? {
        marked: concerns.map((c) => ({ ...c, when: formatDateTime(c.markedAt, lang) })),
        candidates: staff.filter((s) => s.active && can(s.role, 'cases.view') && !concerned.has(s.email)),
      } : undefined,
      judgement: state?.outcome?.justified ? {
        justified: t(lang, `admin.justified.${state.outcome.justified}`),
        rootCause: rootCauses.find((c) => c.key === state.outcome?.rootCause)?.[lang === 'en' ? 'labelEn' : 'labelNl'] ?? state.outcome.rootCause,
      } : undefined,
      temporalUrl: `${config.temporal.uiUrl}/namespaces/${config.temporal.namespace}/workflows/${encodeURIComponent(reference)}`,
      done: typeof req.query.gedaan === 'string' ? CASE_ACTIONS.find((a) => a.name === req.query.gedaan) : undefined,
      doneText: typeof req.query.gedaan === 'string' && CASE_ACTIONS.some((a) => a.name === req.query.gedaan)
        ? t(lang, 'admin.case.done', { action: t(lang, CASE_ACTIONS.find((a) => a.name === req.query.gedaan)!.label) }) : undefined,
      // In the open form when that form is on the page; else (the action no longer fits) at the top.
      problem: actions.some((a) => a.open) ? undefined : o.problem,
      doneDraft: typeof req.query.gedaan === 'string' ? `${reference}/${req.query.gedaan}` : req.query.geregistreerd === '1' ? 'phone' : undefined,
      // After a refused POST the address bar shows the case page again (public/admin.js): a reload does not post twice.
      canonicalUrl: localized(req, `/admin/zaken/${reference}`),
      nextCase,
      withScript: true,
    }, o.status);
  };

  app.get('/admin/zaken/:reference', need('cases.view'), (req, res, next) => {
    if (!isReference(String(req.params.reference))) return notFound(req, res);
    renderCase(req, res, String(req.params.reference)).catch(next);
  });

  /** Choices the workflow cannot check itself: staff members and root causes that exist, and who the case concerns. */
  /**
   * "Sjabloon invullen": the chosen template, filled with the case's values, goes into the text of
   * the action's form (after what was typed), which comes back open to be edited; nothing is sent.
   */
  async function fillReply(req: Request, res: Response, reference: string, action: string, body: Record<string, string>): Promise<void> {
    const lang = languageOf(req);
    const open = { action, values: body };
    const record = await caseVisibleTo(sql, reference, req.staff!.email);
    const id = Number(body.template);
    const template = Number.isSafeInteger(id) && id > 0 ? await replyTemplate(sql, id) : undefined;
    if (!record || !template || template.purpose !== action || template.language !== record.language || !isTemplatePurpose(action)) {
      return renderCase(req, res, reference, { problem: t(lang, 'admin.template.unknown'), status: 422, open });
    }
    const text = fillTemplate(template.body, caseValues(record, {
      deadlines: record.deadlines, handlerName: req.staff!.name, now: new Date(),
    }));
    // What was typed already stays: the template comes after it.
    const field = TEMPLATE_PURPOSES[action];
    const typed = body[field]?.trim();
    await renderCase(req, res, reference, {
      open: { action, values: { ...body, [field]: typed ? `${typed}\n\n${text}` : text } },
      templateFilled: t(lang, 'admin.template.filled', { name: template.name }),
    });
  }

  async function unknownChoice(reference: string, action: string, body: Record<string, string>, lang: 'nl' | 'en'): Promise<string | undefined> {
    const active = async (email: string | undefined) => (await listStaff(sql)).some((s) => s.email === email && s.active);
    if (action === 'assignHandler' && !(await active(body.handler))) return t(lang, 'admin.case.refusal.unknownStaff');
    if (action === 'assignHandler' && await caseConcerns(sql, reference, body.handler!)) return t(lang, 'admin.case.refusal.concerned');
    if (action !== 'resolve') return undefined;
    if (body.rootCause && !(await listRootCauses(sql, { activeOnly: true })).some((c) => c.key === body.rootCause)) {
      return t(lang, 'admin.case.refusal.unknownRootCause');
    }
    if (body.improvementText?.trim() && !(await active(body.improvementOwner))) return t(lang, 'admin.case.refusal.improvementOwner');
    return undefined;
  }

  mountCaseConcerns(app, ctx, renderCase);

  app.post('/admin/zaken/:reference/actie/:action', need(), csrfProtection, async (req, res, next) => {
    try {
      const reference = String(req.params.reference);
      const me = req.staff!;
      const lang = languageOf(req);
      const takeCase = req.params.action === 'takeCase';
      const action = takeCase ? CASE_ACTIONS[0]! : CASE_ACTIONS.find((a) => a.name === req.params.action);
      const record = isReference(reference) && action ? await caseVisibleTo(sql, reference, me.email) : undefined;
      if (!record || !action) return notFound(req, res);
      if (!can(me.role, takeCase ? 'cases.act' : action.permission)) return forbidden(req, res);
      const body = takeCase ? { handler: me.email } : bodyOf(req);
      if (!takeCase && body.fillTemplate === '1') return await fillReply(req, res, reference, action.name, body);
      const unknown = await unknownChoice(reference, action.name, body, lang);
      // Taking a case has no form of its own: its refusal is the page's message.
      const open = takeCase ? undefined : { action: action.name, values: body };
      if (unknown) return renderCase(req, res, reference, { problem: t(lang, 'admin.case.refused', { reason: unknown }), status: 422, open });
      // Taking a case is for unassigned ones (reassigning is the team lead's): the workflow checks
      // that in the same step as it assigns, so of two agents taking it at once one is refused.
      const formAction = takeCase ? { type: 'assignHandler' as const, handler: me.email, by: me.email, unassignedOnly: true }
        : asActor(action.toAction(body, me.email), me);
      const staff = await listStaff(sql);
      const names = staffNames(staff, lang);
      let reason: string | undefined;
      let pending = false;
      // The case names people its own way (staff ids; addresses in cases from before those).
      const state = await caseQueryState(client, reference);
      if (!state) reason = t(lang, 'admin.case.unavailable');
      try {
        const chosen = state && actionForCase(formAction, state, staff);
        // Someone else acted, or the customer wrote, since this page was shown: look first.
        const since = chosen && !takeCase ? happenedSince(state, Number(body.seen), actorOf(chosen)) : [];
        if (since.length > 0) {
          reason = t(lang, 'admin.case.changedSince', {
            what: since.map((e) => `${eventLabel(e.event, lang)} (${names.of(e.actor)})`).join(', '),
          });
        }
        // The rules first, as the workflow will check them (a signal cannot answer), in the page's language.
        if (chosen) reason ??= refusal(state, chosen, Date.now(), lang);
        // "Voorbeeld e-mail": the email as the customer will get it, in the form; nothing is sent.
        if (chosen && !reason && body.preview === '1' && !takeCase) {
          reason = refusal(state, chosen, Date.now(), lang);
          if (!reason) {
            const rendered = previewEmail(chosen, record, { calendar: (await currentRules(sql)).calendar, policy: state.policy, now: new Date() });
            await renderCase(req, res, reference, { open, preview: rendered ?? { none: true } });
            return;
          }
        }
        if (chosen && !reason) {
          await client.connection.withDeadline(Date.now() + 15_000, () => action.run(client, reference, chosen));
          // The page after the action reads the read model: it waits for the action's entry there.
          await untilProjected(sql, reference, state.timeline.length + 1);
        }
      } catch (err) {
        {
          // The workflow refuses in Dutch: the rules again on its state now give the reason in the page's language.
          if (err instanceof WorkflowUpdateFailedError) {
            const now = lang === 'en' ? await caseQueryState(client, reference) : undefined;
            const chosen = now && actionForCase(formAction, now, staff);
            reason = (chosen && refusal(now, chosen, Date.now(), lang)) || (err.cause?.message ?? err.message);
          } else if (err instanceof WorkflowNotFoundError) reason = t(lang, 'admin.case.refusal.closed');
          // No answer in time (a new case still on its first steps with a slow mail server, say):
          // an action the workflow took is still carried out, so a second try could do it twice.
          else if (isGrpcDeadlineError(err)) pending = true;
          else throw err;
        }
      }
      reason &&= names.inText(reason);
      await audit(sql, { staff: me, action: `case.${action.name}`, reference, ip: ip(req), detail: reason ? { refused: reason } : pending ? { pending } : {} });
      if (pending) {
        await renderCase(req, res, reference, { problem: t(lang, 'admin.case.pending'), status: 202, open });
        return;
      }
      if (reason) {
        await renderCase(req, res, reference, { problem: t(lang, 'admin.case.refused', { reason }), status: 422, open });
        return;
      }
      res.redirect(303, localized(req, `/admin/zaken/${reference}?gedaan=${action.name}`));
    } catch (err) {
      next(err);
    }
  });
}

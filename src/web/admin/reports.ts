/**
 * Rapportages (coordinator, administrators): the governance bodies that receive the analysis
 * (procedure promise 5), each on a Temporal Schedule kept in step here; the reports sent, with
 * their PDF, and a resend to a body's current recipients. Every change is audited.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Express, Request, Response } from 'express';
import { getGovernanceBody, getReport, listGovernanceBodies, listReports, nextRound, reportPdf, saveGovernanceBody } from '../../db/governance';
import { audit } from '../../db/staff';
import type { Language } from '../../domain/case';
import { FREQUENCIES, governanceBodyInputOf, REPORT_SECTIONS, type GovernanceBody, type ReportWorkflowInput } from '../../reports/governance';
import { syncGovernanceSchedules } from '../../reports/schedules';
import { formatDate, formatDateTime } from '../../i18n/dates';
import { t, type MessageKey } from '../../i18n/messages';
import { logger } from '../../logger';
import { bodyOf, languageOf, localized, type AdminContext } from './context';

type Typed = Record<string, string | string[] | boolean>;

export function mountReports(app: Express, ctx: AdminContext): void {
  const { sql, client, config, csrfProtection, adminPage, need, ip, notFound } = ctx;
  const taskQueue = config.temporal.taskQueue;

  async function page(req: Request, res: Response, o: {
    problem?: { bodyId: number | 'new'; messages: { field: string; message: string }[]; typed: Typed }; status?: number; notice?: string;
  } = {}) {
    const lang = languageOf(req);
    const [bodies, reports] = await Promise.all([listGovernanceBodies(sql), listReports(sql, { limit: 100 })]);
    const form = (b: GovernanceBody | undefined, id: number | 'new') => {
      const typed = o.problem?.bodyId === id ? o.problem.typed : undefined;
      const value = <T>(key: string, fallback: T) => (typed && key in typed ? typed[key] : fallback) as T;
      const sections = value<string[]>('sections', b?.sections ?? [...REPORT_SECTIONS]);
      const errors = o.problem?.bodyId === id ? o.problem.messages : [];
      return {
        id,
        prefix: `body-${id}`,
        action: id === 'new' ? '/admin/rapportages/organen' : `/admin/rapportages/organen/${id}`,
        name: value('name', b?.name ?? ''),
        recipients: value('recipients', b?.recipients.join('\n') ?? ''),
        sendHour: value('sendHour', String(b?.sendHour ?? 7)),
        active: value('active', b?.active ?? true),
        languages: (['nl', 'en'] as Language[]).map((v) => ({ value: v, label: t(lang, `admin.reports.language.${v}`), selected: value('language', b?.language ?? 'nl') === v })),
        frequencies: FREQUENCIES.map((v) => ({ value: v, label: t(lang, `admin.reports.frequency.${v}` as MessageKey), selected: value('frequency', b?.frequency ?? 'monthly') === v })),
        sections: REPORT_SECTIONS.map((v) => ({ value: v, label: t(lang, `admin.reports.section.${v}` as MessageKey), checked: sections.includes(v) })),
        error: Object.fromEntries(errors.map((e) => [e.field, e.message])),
        open: o.problem?.bodyId === id,
      };
    };
    adminPage(req, res, 'admin/reports', {
      title: t(lang, 'admin.reports.title'),
      bodies: bodies.map((b) => ({
        ...b, frequencyLabel: t(lang, `admin.reports.frequency.${b.frequency}` as MessageKey), recipientCount: b.recipients.length,
        form: form(b, b.id),
      })),
      newBody: form(undefined, 'new'),
      reports: reports.map((r) => ({
        ...r,
        period: `${formatDate(`${r.periodFrom}T12:00:00Z`, lang)} – ${formatDate(`${r.periodTo}T12:00:00Z`, lang)}`,
        created: formatDateTime(r.createdAt, lang),
        sent: r.deliveries.filter((d) => d.status === 'sent').length,
        stored: r.deliveries.filter((d) => d.status === 'stored').length,
        failed: r.deliveries.filter((d) => d.status === 'failed').length,
        pending: r.deliveries.filter((d) => d.status === 'pending' || d.status === 'sending').length,
      })),
      notice: o.notice ?? (typeof req.query.gedaan === 'string' ? t(lang, `admin.reports.done.${req.query.gedaan === 'verzonden' ? 'resent' : 'saved'}`) : undefined),
      problemSummary: o.problem?.messages,
    }, o.status);
  }

  app.get('/admin/rapportages', need('reports.manage'), (req, res, next) => { page(req, res).catch(next); });

  async function saveBody(req: Request, res: Response, id?: number) {
    const lang = languageOf(req);
    const raw = req.body as Record<string, unknown>;
    const sections = ([] as unknown[]).concat(raw.sections ?? []).filter((s): s is string => typeof s === 'string');
    const fields = bodyOf(req);
    const typed: Typed = { ...fields, sections, active: fields.active === 'on' };
    const parsed = governanceBodyInputOf(lang).safeParse({ ...fields, sections, active: fields.active === 'on' });
    if (!parsed.success) {
      const messages = parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'name'), message: i.message }));
      return page(req, res, { problem: { bodyId: id ?? 'new', messages, typed }, status: 422 });
    }
    const before = id === undefined ? undefined : await getGovernanceBody(sql, id);
    const saved = await saveGovernanceBody(sql, parsed.data, id).catch((err: { code?: string }) => {
      if (err.code === '23505') return 'duplicate' as const;
      throw err;
    });
    if (saved === 'duplicate') {
      return page(req, res, { problem: { bodyId: id ?? 'new', messages: [{ field: 'name', message: t(lang, 'admin.reports.duplicate') }], typed }, status: 422 });
    }
    if (saved === undefined) return notFound(req, res);
    await audit(sql, { staff: req.staff!, action: id === undefined ? 'governance-body.create' : 'governance-body.update', ip: ip(req),
      detail: { id: saved, old: before ?? null, new: parsed.data } });
    // The Schedules follow at once; the worker does the same at every start, should Temporal be away now.
    const synced = await syncGovernanceSchedules(client, sql, taskQueue).then(() => true, (err: unknown) => {
      logger.warn({ err }, 'governance schedules not synced');
      return false;
    });
    if (!synced) return page(req, res, { notice: t(lang, 'admin.reports.savedNotScheduled') });
    res.redirect(303, localized(req, `/admin/rapportages?gedaan=opgeslagen`));
  }

  app.post('/admin/rapportages/organen', need('reports.manage'), csrfProtection, (req, res, next) => { saveBody(req, res).catch(next); });
  app.post('/admin/rapportages/organen/:id', need('reports.manage'), csrfProtection, (req, res, next) => {
    const id = Number(req.params.id);
    if (!Number.isSafeInteger(id) || id < 1) return notFound(req, res);
    saveBody(req, res, id).catch(next);
  });

  app.get('/admin/rapportages/:id/rapport.pdf', need('reports.manage'), async (req, res, next) => {
    try {
      const id = Number(req.params.id);
      const pdf = Number.isSafeInteger(id) && id > 0 ? await reportPdf(sql, id) : undefined;
      if (!pdf) return notFound(req, res);
      res.type('application/pdf').set('Content-Disposition', `inline; filename="rapportage-${id}.pdf"`).set('Cache-Control', 'no-store').send(pdf);
    } catch (err) {
      next(err);
    }
  });

  // A resend is a new run of the report workflow for the stored report: the same figures, to the
  // body's current recipients, once per round (two clicks start the same workflow id).
  app.post('/admin/rapportages/:id/opnieuw', need('reports.manage'), csrfProtection, async (req, res, next) => {
    try {
      const id = Number(req.params.id);
      const report = Number.isSafeInteger(id) && id > 0 ? await getReport(sql, id) : undefined;
      if (!report) return notFound(req, res);
      const round = await nextRound(sql, report.id);
      const input: ReportWorkflowInput = { resend: { reportId: report.id, round } };
      await client.workflow.start('reportWorkflow', {
        args: [input], taskQueue, workflowId: `governance-report-${report.bodyId}-resend-${report.id}-${round}`,
      }).catch((err: unknown) => {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      });
      await audit(sql, { staff: req.staff!, action: 'governance-report.resend', ip: ip(req), detail: { report: report.id, round } });
      res.redirect(303, localized(req, `/admin/rapportages?gedaan=verzonden`));
    } catch (err) {
      next(err);
    }
  });
}

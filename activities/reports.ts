/**
 * The side effects of a governance report: compute and freeze the figures, render the PDF, and
 * email it to the body's recipients. Each is idempotent per body and period (and per recipient
 * and round), so a retried or re-triggered run never makes a second report or mails twice.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { periodJustEnded } from '../src/analysis/period';
import { computeFigures, monthlyTrend, suppressSmallCells } from '../src/analysis/figures';
import type { WorkingDayCalendar } from '../src/calendar/workingDays';
import type { Sql } from '../src/db/db';
import {
  claimDelivery, enqueueDelivery, getGovernanceBody, getReport, markDelivery, reportPdf, savePdf, storeReport,
} from '../src/db/governance';
import { buildReportDocument, type FrozenReport } from '../src/reports/reportDocument';
import { renderReportEmail } from '../src/reports/email';
import { renderReportPdf } from '../src/reports/pdf';
import { LEASE_SECONDS, recordDelivery, smtpFailure, type Mailer } from './email';

export interface ReportActivityDeps {
  sql: Sql;
  calendar: () => Promise<WorkingDayCalendar>;
  mailer?: Mailer;
  mailFrom: string;
}

export type PrepareReport = { bodyId: number; scheduledAt: string } | { resend: { reportId: number; round: number } };

export function createReportActivities(deps: ReportActivityDeps) {
  const { sql } = deps;
  return {
    /**
     * The report of a body for the period that ended before `scheduledAt`: its figures computed
     * now and stored with small cells suppressed; one delivery row per current recipient. A second
     * run for the same period finds the stored report and its deliveries. Undefined for an
     * inactive or removed body. A resend adds a new round of deliveries to a stored report.
     */
    async prepareGovernanceReport(req: PrepareReport): Promise<{ reportId: number; round: number } | undefined> {
      if ('resend' in req) {
        const report = await getReport(sql, req.resend.reportId);
        const body = report && (await getGovernanceBody(sql, report.bodyId));
        if (!report || !body) throw ApplicationFailure.nonRetryable(`Unknown report ${req.resend.reportId}`, 'UnknownReport');
        for (const recipient of body.recipients) await enqueueDelivery(sql, report.id, recipient, req.resend.round);
        return { reportId: report.id, round: req.resend.round };
      }
      const body = await getGovernanceBody(sql, req.bodyId);
      if (!body?.active) return undefined;
      const scheduledAt = new Date(req.scheduledAt);
      const period = periodJustEnded(body.frequency, scheduledAt);
      const calendar = await deps.calendar();
      const [figures, trend] = await Promise.all([
        computeFigures(sql, calendar, period, {}, scheduledAt),
        monthlyTrend(sql, calendar, period.to.slice(0, 7), {}, scheduledAt),
      ]);
      // Aggregates only, and no cell under 5: no customer can be recognised in a board's report.
      const frozen: FrozenReport = { figures: suppressSmallCells(figures), trend: suppressSmallCells(trend) };
      const { id, created } = await storeReport(sql, {
        bodyId: body.id, periodFrom: period.from, periodTo: period.to, language: body.language, sections: body.sections, figures: frozen,
      });
      if (created) for (const recipient of body.recipients) await enqueueDelivery(sql, id, recipient, 0);
      return { reportId: id, round: 0 };
    },

    /** The PDF of a stored report, rendered once from its frozen figures. */
    async renderGovernanceReport(req: { reportId: number }): Promise<void> {
      const report = await getReport(sql, req.reportId);
      if (!report) throw ApplicationFailure.nonRetryable(`Unknown report ${req.reportId}`, 'UnknownReport');
      if (report.hasPdf) return;
      await savePdf(sql, report.id, await renderReportPdf(buildReportDocument(report)));
    },

    /**
     * Emails the report with its PDF to every recipient of the round not yet served. A refused
     * address is marked failed (shown on the reports page) and the others still go; a temporary
     * failure is retried for the recipients it concerns.
     */
    async sendGovernanceReport(req: { reportId: number; round: number }): Promise<{ sent: number; failed: number }> {
      const started = Date.now();
      const report = await getReport(sql, req.reportId);
      const pdf = await reportPdf(sql, req.reportId);
      if (!report || !pdf) throw ApplicationFailure.nonRetryable(`Report ${req.reportId} is not rendered`, 'UnknownReport');
      const email = renderReportEmail(report);
      let sent = 0;
      let failed = 0;
      let retry: ApplicationFailure | undefined;
      const rows = await sql<{ id: number; recipient: string; status: string }[]>`
        SELECT id::int AS id, recipient, status FROM governance_report_deliveries
        WHERE report_id = ${report.id} AND round = ${req.round} ORDER BY id`;
      for (const row of rows.filter((r) => r.status === 'pending' || r.status === 'sending')) {
        if (!deps.mailer) {
          await markDelivery(sql, row.id, 'stored');
          continue;
        }
        if (!(await claimDelivery(sql, row.id, LEASE_SECONDS))) {
          retry = ApplicationFailure.retryable('Another attempt is sending this report', 'EmailInFlight');
          continue;
        }
        try {
          await deps.mailer.sendMail({
            from: deps.mailFrom,
            to: row.recipient,
            subject: email.subject,
            text: email.text,
            html: email.html,
            messageId: `<report-${report.id}.${req.round}.${row.id}@klachtflow>`,
            headers: { 'Content-Language': report.language },
            attachments: [{ filename: email.attachmentName, content: pdf, contentType: 'application/pdf' }],
          });
        } catch (err) {
          const failure = smtpFailure(err);
          await markDelivery(sql, row.id, failure.badAddress ? 'failed' : 'pending', failure.message);
          if (failure.badAddress) failed += 1;
          else retry = failure.toActivityFailure();
          continue;
        }
        // Accepted: recorded outside the SMTP failure handling, so that a database hiccup here
        // is never taken for a refused send (which would mail the report again).
        await recordDelivery(started, () => markDelivery(sql, row.id, 'sent'));
        sent += 1;
      }
      if (retry) throw retry;
      return { sent, failed };
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;

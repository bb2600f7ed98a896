/**
 * Personal data on the case page (AVG/GDPR): an administrator erases a case on request (a page of
 * its own, with the reason and the reference typed to confirm; src/retention/erase.ts), and staff
 * who work cases revoke a customer's status link, which emails the customer a new one
 * (src/cases/reissueStatusLink.ts). Both audited.
 */
import type { Express, Request, Response } from 'express';
import { reissueStatusLink } from '../../cases/reissueStatusLink';
import { caseVisibleTo } from '../../db/caseConcerns';
import { audit } from '../../db/staff';
import { isReference } from '../../domain/reference';
import { t } from '../../i18n/messages';
import { eraseCase, erasureReasonProblem, ErasureRefused } from '../../retention/erase';
import { bodyOf, languageOf, localized, type AdminContext } from './context';

export function mountErasure(app: Express, ctx: AdminContext): void {
  const { sql, client, intake, csrfProtection, notFound, adminPage, need, ip } = ctx;

  /** The case, unless it does not exist, concerns the one asking, or was anonymised already. */
  async function erasableCase(req: Request) {
    const reference = String(req.params.reference);
    const record = isReference(reference) ? await caseVisibleTo(sql, reference, req.staff!.email) : undefined;
    return record && !record.anonymisedAt ? record : undefined;
  }

  function erasePage(req: Request, res: Response, reference: string, o: { problem?: string; reason?: string; status?: number } = {}) {
    const lang = languageOf(req);
    adminPage(req, res, 'admin/erase', {
      title: t(lang, 'admin.privacy.eraseTitle', { reference }), reference, problem: o.problem, reason: o.reason ?? '',
    }, o.status);
  }

  app.get('/admin/zaken/:reference/wissen', need('cases.erase'), async (req, res, next) => {
    try {
      const record = await erasableCase(req);
      if (!record) return notFound(req, res);
      erasePage(req, res, record.reference);
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/zaken/:reference/wissen', need('cases.erase'), csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const record = await erasableCase(req);
      if (!record) return notFound(req, res);
      const body = bodyOf(req);
      const reason = (body.reason ?? '').trim();
      const problem = erasureReasonProblem(reason, lang)
        ?? ((body.confirm ?? '').trim().toUpperCase() !== record.reference ? t(lang, 'admin.privacy.confirmWrong', { reference: record.reference }) : undefined);
      if (problem) return erasePage(req, res, record.reference, { problem, reason, status: 422 });
      try {
        await eraseCase({ sql, client }, { reference: record.reference, reason, by: req.staff!, ip: ip(req) });
      } catch (err) {
        if (!(err instanceof ErasureRefused)) throw err;
        const problem = err.problem === 'reason' ? erasureReasonProblem(reason, lang) ?? err.message
          : t(lang, err.problem === 'erased' ? 'admin.privacy.alreadyErased' : 'admin.privacy.unknownCase', { reference: record.reference });
        return erasePage(req, res, record.reference, { problem, reason, status: 422 });
      }
      res.redirect(303, localized(req, `/admin/zaken/${record.reference}`));
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/zaken/:reference/statuslink', need('cases.act'), csrfProtection, async (req, res, next) => {
    try {
      const record = await erasableCase(req);
      if (!record?.email) return notFound(req, res);
      const version = await reissueStatusLink({ sql, client, taskQueue: intake.taskQueue, secret: intake.statusTokenSecret }, record.reference);
      await audit(sql, { staff: req.staff!, action: 'case.reissueStatusLink', reference: record.reference, ip: ip(req), detail: { version } });
      adminPage(req, res, 'admin/statusLink', { title: record.reference, reference: record.reference });
    } catch (err) {
      next(err);
    }
  });
}

/**
 * "Deze zaak gaat over een medewerker": team leads and coordinators mark a case as concerning a
 * staff member (src/db/caseConcerns.ts), who from then on cannot see or be given it; and remove
 * the mark. The case's handler must first hand it to someone else. Every change is audited.
 */
import type { Express, Request, Response } from 'express';
import { caseQueryState } from '../../cases/caseStateForPages';
import { caseVisibleTo, markConcern, unmarkConcern } from '../../db/caseConcerns';
import { handlerInReadModel } from '../../db/cases';
import { audit, listStaff } from '../../db/staff';
import { isReference } from '../../domain/reference';
import { can, staffRef } from '../../domain/staff';
import { t } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';

export type RenderCase = (req: Request, res: Response, reference: string, o?: {
  problem?: string; status?: number;
  /** A refused action's form, shown open with what was typed and the problem in it. */
  open?: { action: string; values: Record<string, string> };
  /** The email the open form's action would send, shown in the form before it is sent. */
  preview?: { subject: string; text: string } | { none: true };
  /** A reply template was filled into the open form: says which, in the form. */
  templateFilled?: string;
}) => Promise<void>;

export function mountCaseConcerns(app: Express, ctx: AdminContext, renderCase: RenderCase): void {
  const { sql, client, csrfProtection, notFound, need, ip } = ctx;

  /** The case, unless it does not exist or concerns the one asking. */
  async function visibleCase(req: Request) {
    const reference = String(req.params.reference);
    return isReference(reference) ? caseVisibleTo(sql, reference, req.staff!.email) : undefined;
  }

  app.post('/admin/zaken/:reference/betreft', need('cases.assign'), csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const record = await visibleCase(req);
      if (!record) return notFound(req, res);
      const email = (bodyOf(req).staff ?? '').trim().toLowerCase();
      const member = (await listStaff(sql)).find((s) => s.email === email && s.active && can(s.role, 'cases.view'));
      const handler = (await caseQueryState(client, record.reference))?.handler ?? await handlerInReadModel(sql, record.reference);
      const problem = !member ? t(lang, 'admin.concerns.unknown')
        : member.email === handler || staffRef(member.id) === handler ? t(lang, 'admin.concerns.handler') : undefined;
      if (problem) {
        await audit(sql, { staff: req.staff!, action: 'case.markConcern', reference: record.reference, ip: ip(req), detail: { staff: email, refused: problem } });
        return renderCase(req, res, record.reference, { problem: t(lang, 'admin.case.refused', { reason: problem }), status: 422 });
      }
      await markConcern(sql, { reference: record.reference, staffEmail: member!.email, by: req.staff!.email });
      await audit(sql, { staff: req.staff!, action: 'case.markConcern', reference: record.reference, ip: ip(req), detail: { staff: member!.email } });
      // Who marked the case as concerning themselves can no longer see it.
      res.redirect(303, localized(req, member!.email === req.staff!.email ? '/admin/zaken' : `/admin/zaken/${record.reference}#betreft`));
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/zaken/:reference/betreft/verwijderen', need('cases.assign'), csrfProtection, async (req, res, next) => {
    try {
      const record = await visibleCase(req);
      if (!record) return notFound(req, res);
      const email = (bodyOf(req).staff ?? '').trim().toLowerCase();
      const removed = await unmarkConcern(sql, record.reference, email);
      await audit(sql, { staff: req.staff!, action: 'case.unmarkConcern', reference: record.reference, ip: ip(req), detail: { staff: email, removed } });
      res.redirect(303, localized(req, `/admin/zaken/${record.reference}#betreft`));
    } catch (err) {
      next(err);
    }
  });
}

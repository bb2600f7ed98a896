/**
 * Attachments on the case page: staff who may see the case download the customer's files
 * (src/web/attachments.ts sends them: Content-Disposition attachment, the type checked at upload,
 * nosniff), each download on the audit log. A case that concerns the staff member is a 404, as
 * its page is.
 */
import type { Express } from 'express';
import { getAttachment } from '../../db/attachments';
import { caseVisibleTo } from '../../db/caseConcerns';
import { audit } from '../../db/staff';
import { isReference } from '../../domain/reference';
import { sendAttachment } from '../attachments';
import type { AdminContext } from './context';

export function mountAttachments(app: Express, ctx: AdminContext): void {
  const { sql, notFound, need, ip } = ctx;

  app.get('/admin/zaken/:reference/bijlagen/:id', need('cases.view'), async (req, res, next) => {
    try {
      const reference = String(req.params.reference);
      const record = isReference(reference) ? await caseVisibleTo(sql, reference, req.staff!.email) : undefined;
      const attachment = record && await getAttachment(sql, record.reference, String(req.params.id));
      if (!attachment) return notFound(req, res);
      // Who looked at which of a customer's files is on the case's audit log.
      await audit(sql, { staff: req.staff!, action: 'attachment.download', reference, ip: ip(req), detail: { id: String(req.params.id) } });
      sendAttachment(res, attachment);
    } catch (err) {
      next(err);
    }
  });
}

/**
 * Telefonische melding: a complaint or feedback taken by phone, through the same intake as the
 * public form, with the time of the call and the staff member recorded, email optional.
 */
import { randomUUID } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { submissionHash, submitCase } from '../../cases/submitCase';
import { SubmissionConflictError } from '../../db/cases';
import { audit } from '../../db/staff';
import { CATEGORY_KEYS, categoryLabel } from '../../domain/categories';
import { LIMITS, parseIntake } from '../../domain/intake';
import { isMessageKey, t, type MessageKey } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';
import { typedAgain } from '../../domain/text';

export function mountPhone(app: Express, ctx: AdminContext): void {
  const { sql, intake, csrfProtection, adminPage, need, ip } = ctx;

  function phoneForm(req: Request, res: Response, o: { values?: Record<string, string>; errors?: Record<string, string>; problem?: string; status?: number } = {}) {
    const lang = languageOf(req);
    adminPage(req, res, 'admin/phone', {
      title: `${o.errors && Object.keys(o.errors).length > 0 ? t(lang, 'page.errorPrefix') : ''}${t(lang, 'admin.phone.title')}`,
      values: { receivedAt: amsterdamLocal(new Date()), language: 'nl', submissionId: randomUUID(), ...typedAgain(o.values ?? {}, ['description']) },
      errors: o.errors ?? {},
      // The error summary lists them in the form's order, each a link to its field.
      errorList: ['caseType', 'receivedAt', 'name', 'email', 'phone', 'customerNumber', 'category', 'description']
        .filter((field) => o.errors?.[field]).map((field) => ({ id: field, message: o.errors![field] })),
      problem: o.problem,
      limits: LIMITS,
      // The browser refuses a call in a later day or more than 30 days back before sending; the server checks to the minute.
      receivedAtBounds: { min: `${amsterdamLocal(new Date(Date.now() - 30 * 86_400_000)).slice(0, 10)}T00:00`, max: `${amsterdamLocal(new Date()).slice(0, 10)}T23:59` },
      categories: CATEGORY_KEYS.map((c) => ({ value: c, label: categoryLabel(c, lang), selected: c === o.values?.category })),
    }, o.status);
  }

  app.get('/admin/telefoon', need('phone.register'), (req, res) => phoneForm(req, res));

  app.post('/admin/telefoon', need('phone.register'), csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const values = bodyOf(req);
      const parsed = parseIntake(values, 'phone');
      const receivedAt = parseAmsterdamLocal(values.receivedAt ?? '');
      // The intake's messages speak to the customer ("Vul je naam in"); staff get their own where they differ.
      const message = (key: string) => (isMessageKey(`staff.${key}`) ? t(lang, `staff.${key}` as MessageKey) : isMessageKey(key) ? t(lang, key) : key);
      const errors: Record<string, string> = parsed.ok ? {} : Object.fromEntries(Object.entries(parsed.errors).map(([f, k]) => [f, message(String(k))]));
      if (!receivedAt || receivedAt.getTime() > Date.now() + 60_000 || Date.now() - receivedAt.getTime() > 30 * 86_400_000) {
        errors.receivedAt = t(lang, 'admin.phone.receivedAtInvalid');
      }
      if (!parsed.ok || Object.keys(errors).length > 0) {
        phoneForm(req, res, { values, errors, status: 422 });
        return;
      }
      const submission = {
        intake: parsed.value, channel: 'phone' as const, language: values.language === 'en' ? 'en' as const : 'nl' as const,
        submissionKey: `phone:${/^[0-9a-f-]{36}$/.test(values.submissionId ?? '') ? values.submissionId : randomUUID()}`, receivedAt: receivedAt!, registeredBy: req.staff!.email,
      };
      // Back, edit, register again: the edit is a case of its own, as on the public form.
      const { reference } = await submitCase(intake, submission).catch((err: unknown) => {
        if (!(err instanceof SubmissionConflictError)) throw err;
        return submitCase(intake, { ...submission, submissionKey: `${submission.submissionKey}:${submissionHash(submission).slice(0, 16)}` });
      });
      await audit(sql, { staff: req.staff!, action: 'case.registerPhone', reference, ip: ip(req) });
      res.redirect(303, localized(req, `/admin/zaken/${reference}?geregistreerd=1`));
    } catch (err) {
      next(err);
    }
  });
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

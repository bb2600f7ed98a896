/**
 * Accounts (administrators): create one (its one-time password is shown once), change a role,
 * deactivate, reset two-factor sign-in; never one's own account; every change audited.
 */
import { randomBytes } from 'node:crypto';
import type { Express, Request, Response } from 'express';
import { z } from 'zod';
import { lineProblem } from '../../domain/text';
import { audit, createStaff, listStaff, updateStaff } from '../../db/staff';
import { isRole, ROLE_LABELS, ROLES } from '../../domain/staff';
import type { Language } from '../../domain/case';
import { t, type MessageKey } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';

export function mountAccounts(app: Express, ctx: AdminContext): void {
  const { sql, csrfProtection, adminPage, need, forbidden, ip } = ctx;

  async function accountsPage(req: Request, res: Response, o: { created?: string; problem?: string; status?: number } = {}) {
    const lang = languageOf(req);
    const staff = await listStaff(sql);
    adminPage(req, res, 'admin/accounts', {
      title: t(lang, 'admin.accounts.title'),
      withScript: true, // deactivating asks first (data-confirm)
      accounts: staff.map((s) => ({ ...s, roleLabel: ROLE_LABELS[s.role][lang], self: s.id === req.staff!.id })),
      roles: ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r][lang] })),
      created: o.created,
      problem: o.problem,
    }, o.status);
  }

  app.get('/admin/accounts', need('accounts.manage'), (req, res, next) => { accountsPage(req, res).catch(next); });

  /** The new account's fields, with messages in the page's language. */
  const newAccount = (lang: Language) => {
    const error = (key: MessageKey) => ({ error: t(lang, key) });
    return z.object({
      email: z.email(error('admin.accounts.error.email')).max(254, error('admin.accounts.error.email')),
      name: z.string(error('admin.accounts.error.name')).trim().min(1, error('admin.accounts.error.name')).max(200, error('admin.accounts.error.nameTooLong'))
        .refine((v) => lineProblem(v) === undefined, error('admin.accounts.error.nameLine')),
      role: z.enum(ROLES, error('admin.accounts.error.role')),
    });
  };

  app.post('/admin/accounts', need('accounts.manage'), csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const parsed = newAccount(lang).safeParse(bodyOf(req));
      if (!parsed.success) {
        await accountsPage(req, res, { problem: t(lang, 'admin.accounts.invalid', { problem: parsed.error.issues.map((i) => i.message).join('; ') }), status: 422 });
        return;
      }
      const password = randomBytes(12).toString('base64url');
      const created = await createStaff(sql, { ...parsed.data, password, oneTime: true }).catch((err: { code?: string }) => {
        if (err.code === '23505') return undefined; // unique violation: the address exists
        throw err;
      });
      if (!created) {
        await accountsPage(req, res, { problem: t(lang, 'admin.accounts.invalid', { problem: t(lang, 'admin.accounts.error.exists') }), status: 422 });
        return;
      }
      await audit(sql, { staff: req.staff!, action: 'account.create', ip: ip(req), detail: { email: created.email, role: created.role } });
      await accountsPage(req, res, { created: t(lang, 'admin.accounts.created', { email: created.email, password }) });
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/accounts/:id', need('accounts.manage'), csrfProtection, async (req, res, next) => {
    try {
      const id = Number(req.params.id);
      const body = bodyOf(req);
      const target = (await listStaff(sql)).find((s) => s.id === id);
      if (!target || id === req.staff!.id) return forbidden(req, res); // no changes to one's own account here
      const changes = {
        ...(isRole(body.role) ? { role: body.role } : {}),
        ...(body.active === '0' || body.active === '1' ? { active: body.active === '1' } : {}),
        // A lost phone: two-factor off and every session ended; its owner sets it up anew (required or at will).
        ...(body.twoFactor === 'off' ? { twoFactorOff: true } : {}),
      };
      await updateStaff(sql, id, changes);
      await audit(sql, { staff: req.staff!, action: 'account.update', ip: ip(req), detail: { email: target.email, before: { role: target.role, active: target.active }, changes } });
      res.redirect(303, localized(req, `/admin/accounts`));
    } catch (err) {
      next(err);
    }
  });
}

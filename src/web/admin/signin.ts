/**
 * Sign-in and sign-out of staff, and the landing page of /admin: a rate limit per address on failed
 * sign-ins (the account lock-out is in db/staff), a session cookie, every attempt audited.
 */
import type { Express } from 'express';
import { audit, createSession, endSession, verifySignIn } from '../../db/staff';
import { can } from '../../domain/staff';
import { t } from '../../i18n/messages';
import { textProblem } from '../../domain/text';
import { bodyOf, languageOf, localized, type AdminContext } from './context';
import { cookieOptions, SECOND_FACTOR_PATH, sessionCookie } from './session';

/** Where to go after signing in: a path within the admin area, else its landing page. */
export const safeNext = (value: unknown) => (typeof value === 'string' && /^\/admin(\/[\w\-/?=&%.]*)?$/.test(value) ? value : '/admin');

export function mountSignIn(app: Express, ctx: AdminContext): void {
  const { sql, config, csrfProtection, adminPage, need, ip, limit } = ctx;

  // Failed sign-ins per address (the account lock-out counts per account).
  const signInLimit = limit({ name: 'sign-ins', windowMs: 10 * 60_000, limit: 20, skipSuccessfulRequests: true,
    handler: (req, res) => adminPage(req, res, 'admin/signin', { title: t(languageOf(req), 'admin.signin.title'),
      problem: t(languageOf(req), 'error.rateLimited') }, 429) });


  app.get('/admin/inloggen', (req, res) => {
    adminPage(req, res, 'admin/signin', { title: t(languageOf(req), 'admin.signin.title'), next: safeNext(req.query.next) });
  });

  app.post('/admin/inloggen', signInLimit, csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const body = bodyOf(req);
      // An address with characters no account can have is a failed sign-in like any other.
      if (body.email !== undefined && (textProblem(body.email) || body.email.length > 254)) body.email = '';
      const result = await verifySignIn(sql, body.email ?? '', body.password ?? '', ip(req));
      if (!result.ok) {
        await audit(sql, { staff: { email: body.email ?? '' }, action: `sign-in-failed`, ip: ip(req), detail: { reason: result.reason } });
        await new Promise((r) => setTimeout(r, 300)); // a small delay on every failure
        // One message for a wrong password and a locked account: no hint which addresses exist.
        adminPage(req, res, 'admin/signin', {
          title: t(lang, 'admin.signin.title'), email: body.email, next: safeNext(body.next), problem: t(lang, 'admin.signin.invalid'),
        }, 401);
        return;
      }
      // With two-factor sign-in, the session reaches only the code page until the code is right.
      const pending = result.staff.twoFactor;
      const token = await createSession(sql, result.staff.id, ip(req), { secondFactorPending: pending });
      res.cookie(sessionCookie(config.secureCookies), token, cookieOptions(config.secureCookies));
      await audit(sql, { staff: result.staff, action: pending ? 'signed-in-password' : 'signed-in', ip: ip(req) });
      res.redirect(303, localized(req, pending ? `${SECOND_FACTOR_PATH}?${new URLSearchParams({ next: safeNext(body.next) })}` : safeNext(body.next)));
    } catch (err) {
      next(err);
    }
  });

  app.post('/admin/uitloggen', need(), csrfProtection, async (req, res, next) => {
    try {
      const token = (req.cookies as Record<string, string>)[sessionCookie(config.secureCookies)];
      if (token) await endSession(sql, token);
      await audit(sql, { staff: req.staff!, action: 'signed-out', ip: ip(req) });
      res.clearCookie(sessionCookie(config.secureCookies), { path: '/', secure: config.secureCookies });
      // The drafts of this browser (src/web/public/admin.js) go too, also where the script did not run.
      res.set('Clear-Site-Data', '"storage"');
      res.redirect(303, localized(req, '/admin/inloggen'));
    } catch (err) {
      next(err);
    }
  });

  app.get('/admin', need(), (req, res) => {
    const role = req.staff!.role;
    // A governance body's member sees figures only: the analysis is their landing page.
    res.redirect(303, localized(req, can(role, 'tasks.work') ? '/admin/taken' : can(role, 'cases.view') ? '/admin/zaken' : '/admin/analyse'));
  });
}

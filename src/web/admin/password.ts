/**
 * Mijn wachtwoord: staff choose their own password. A password that an administrator or
 * `npm run staff` made is shown to someone else, so it works only until its owner has chosen one:
 * until then every admin page leads here (session.ts).
 */
import type { Express, Request, Response } from 'express';
import { audit, checkPassword, createSession, setPassword } from '../../db/staff';
import { textProblem } from '../../domain/text';
import { t, type MessageKey } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';
import { cookieOptions, sessionCookie } from './session';

export const PASSWORD_MIN = 12;
const PASSWORD_MAX = 200;

/** Why a new password is refused (a message key), or undefined. */
export function newPasswordProblem(current: string, next: string, repeated: string): MessageKey | undefined {
  if (next.length < PASSWORD_MIN) return 'admin.password.tooShort';
  if (next.length > PASSWORD_MAX || textProblem(next)) return 'admin.password.invalid';
  if (next !== repeated) return 'admin.password.mismatch';
  if (next === current) return 'admin.password.same';
  return undefined;
}

export function mountPassword(app: Express, ctx: AdminContext): void {
  const { sql, config, csrfProtection, adminPage, need, ip } = ctx;

  const page = (req: Request, res: Response, o: { problem?: string; status?: number } = {}) => {
    const lang = languageOf(req);
    adminPage(req, res, 'admin/password', {
      title: t(lang, 'admin.password.title'),
      required: req.staff?.mustChangePassword,
      min: PASSWORD_MIN,
      problem: o.problem,
    }, o.status);
  };

  app.get('/admin/wachtwoord', need(), (req, res) => page(req, res));

  app.post('/admin/wachtwoord', need(), csrfProtection, async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const me = req.staff!;
      const body = bodyOf(req);
      const current = body.current ?? '';
      if (!(await checkPassword(sql, me.id, current))) {
        await audit(sql, { staff: me, action: 'password.change-refused', ip: ip(req), detail: { reason: 'current' } });
        page(req, res, { problem: t(lang, 'admin.password.wrongCurrent'), status: 422 });
        return;
      }
      const problem = newPasswordProblem(current, body.password ?? '', body.repeat ?? '');
      if (problem) {
        page(req, res, { problem: t(lang, problem, { min: PASSWORD_MIN }), status: 422 });
        return;
      }
      // A new password ends every session of the account; this one continues in a new session.
      await setPassword(sql, me.email, body.password!);
      const token = await createSession(sql, me.id, ip(req));
      res.cookie(sessionCookie(config.secureCookies), token, cookieOptions(config.secureCookies));
      await audit(sql, { staff: me, action: 'password.change', ip: ip(req) });
      res.redirect(303, localized(req, `/admin`));
    } catch (err) {
      next(err);
    }
  });
}

/**
 * Staff sign-in: a server-side session in Postgres behind an httpOnly, SameSite=Strict cookie
 * (Secure on https). Every admin route asks `requireStaff(permission)`: signed in, and allowed.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Sql } from '../../db/db';
import { sessionStaff, type SessionStaff } from '../../db/staff';
import { can, type Permission } from '../../domain/staff';
import { twoFactorRequired } from '../../domain/twoFactor';
import type { Language } from '../../domain/case';

/** The admin's language: Dutch, or English with `?lang=en` on the URL (and on every form's action). */
export function languageOf(req: Request): Language {
  return req.query.lang === 'en' ? 'en' : 'nl';
}

/** An admin path in the request's language: `lang=en` kept on every redirect (once, also when the path has it). */
export function localized(req: Request, path: string): string {
  if (languageOf(req) !== 'en') return path;
  const [base, hash] = path.split('#');
  if (/[?&]lang=/.test(base!)) return path;
  return `${base}${base!.includes('?') ? '&' : '?'}lang=en${hash === undefined ? '' : `#${hash}`}`;
}

/**
 * The session cookie. On https it has the `__Host-` prefix: the browser then accepts it only
 * Secure, from this host (no Domain) and for the whole site, so no subdomain can plant or read one.
 */
export function sessionCookie(secure: boolean): string {
  return secure ? '__Host-kf.sid' : 'kf.sid';
}

declare module 'express-serve-static-core' {
  interface Request {
    staff?: SessionStaff;
  }
}

export function cookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/', maxAge: 8 * 60 * 60 * 1000 };
}

/**
 * Attaches the signed-in staff member, if any, to the request. Admin pages are never stored by a
 * browser or proxy (Cache-Control: no-store): a shared computer's back button shows nothing.
 */
export function loadStaff(sql: Sql, secure: boolean): RequestHandler {
  const name = sessionCookie(secure);
  return (req, res, next) => {
    if (!req.path.startsWith('/admin')) return next();
    res.set('Cache-Control', 'no-store');
    const token = (req.cookies as Record<string, string> | undefined)?.[name];
    if (!token) return next();
    sessionStaff(sql, token).then((staff) => {
      if (staff) req.staff = staff;
      next();
    }, next);
  };
}

/** What a session still waiting for its two-factor code can reach (src/web/admin/twoFactor.ts). */
export const SECOND_FACTOR_PATH = '/admin/inloggen/code';
/** What a staff member who must first choose a password can still reach. */
const PASSWORD_FREE_PATHS = ['/admin/wachtwoord', '/admin/uitloggen'];
/** What a staff member who must first set up two-factor sign-in can still reach. */
export const TWO_FACTOR_SETUP_PATH = '/admin/tweestaps';
const TWO_FACTOR_FREE_PATHS = [TWO_FACTOR_SETUP_PATH, `${TWO_FACTOR_SETUP_PATH}/aanzetten`, ...PASSWORD_FREE_PATHS];

/** The admin page a request came from (path and query only), if any. */
function refererPath(req: Request): string | undefined {
  try {
    const from = new URL(req.get('referer') ?? '');
    return from.host === req.get('host') && from.pathname.startsWith('/admin/') ? `${from.pathname}${from.search}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where a form sent in vain (the session ended, the form's token expired) leads back to: the page it
 * came from, told to put back what was typed (`herstel=1`: src/web/public/admin.js restores the
 * drafts it kept in the browser, also over the values the page shows). None without a page of
 * this site to go back to (a request no form of ours sent).
 */
export function formReturn(req: Request, o: { expired?: boolean } = {}): string | undefined {
  const from = refererPath(req)?.replace(/[?&](herstel|verlopen)=1\b/g, '');
  if (!from) return undefined;
  // Appended as text: the page's own query stays exactly as it was.
  return `${from}${from.includes('?') ? '&' : '?'}herstel=1${o.expired ? '&verlopen=1' : ''}`;
}

/** Signed in (else to the sign-in page) and allowed (else a 403 page). */
export function requireStaff(permission: Permission | undefined, forbidden: (req: Request, res: Response) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.staff) {
      // A form sent after the session ended: back to the page it came from (its draft is kept in the browser).
      const target = req.method === 'GET' ? req.originalUrl : formReturn(req) ?? '/admin';
      res.redirect(303, localized(req, `/admin/inloggen?next=${encodeURIComponent(target)}`));
      return;
    }
    // Right password, code still to come: only the code page (and signing out).
    if (req.staff.secondFactorPending) {
      if (req.path !== SECOND_FACTOR_PATH && req.path !== '/admin/uitloggen') res.redirect(303, localized(req, SECOND_FACTOR_PATH));
      else next();
      return;
    }
    // A password someone else chose is replaced before anything else (src/web/admin/password.ts).
    if (req.staff.mustChangePassword && !PASSWORD_FREE_PATHS.includes(req.path)) {
      res.redirect(303, localized(req, '/admin/wachtwoord'));
      return;
    }
    // Administrators and coordinators set up two-factor sign-in first when the setting says so.
    if (!req.staff.twoFactor && twoFactorRequired(req.staff.role, req.staff.twoFactorSetting) && !TWO_FACTOR_FREE_PATHS.includes(req.path)) {
      res.redirect(303, localized(req, TWO_FACTOR_SETUP_PATH));
      return;
    }
    if (permission && !can(req.staff.role, permission)) {
      forbidden(req, res);
      return;
    }
    next();
  };
}

/**
 * Staff sign-in: a server-side session in Postgres behind an httpOnly, SameSite=Strict cookie
 * (Secure on https). Every admin route asks `requireStaff(permission)`: signed in, and allowed.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Sql } from '../../db/db';
import { sessionStaff, type StaffMember } from '../../db/staff';
import { can, type Permission } from '../../domain/staff';

export const SESSION_COOKIE = 'kf.sid';

declare module 'express-serve-static-core' {
  interface Request {
    staff?: StaffMember & { sessionId: string };
  }
}

export function cookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict' as const, secure, path: '/', maxAge: 8 * 60 * 60 * 1000 };
}

/** Attaches the signed-in staff member, if any, to the request. */
export function loadStaff(sql: Sql): RequestHandler {
  return (req, _res, next) => {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (!token || !req.path.startsWith('/admin')) return next();
    sessionStaff(sql, token).then((staff) => {
      if (staff) req.staff = staff;
      next();
    }, next);
  };
}

/** Signed in (else to the sign-in page) and allowed (else a 403 page). */
export function requireStaff(permission: Permission | undefined, forbidden: (req: Request, res: Response) => void): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.staff) {
      const target = req.method === 'GET' ? req.originalUrl : '/admin';
      res.redirect(303, `/admin/inloggen?next=${encodeURIComponent(target)}`);
      return;
    }
    if (permission && !can(req.staff.role, permission)) {
      forbidden(req, res);
      return;
    }
    next();
  };
}

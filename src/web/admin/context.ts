/**
 * What every area of the admin shares: the dependencies from the web app, the admin page with its
 * layout and menu, the permission check of every route (`need`), the 403 page, and the small
 * request helpers.
 */
import type { Client } from '@temporalio/client';
import type { Request, RequestHandler, Response } from 'express';
import type { IntakeDeps } from '../../cases/submitCase';
import type { Config } from '../../config';
import type { Sql } from '../../db/db';
import type { Language } from '../../domain/case';
import { can, ROLE_LABELS, type Permission } from '../../domain/staff';
import { normalizeLineBreaks } from '../../domain/text';
import { t } from '../../i18n/messages';
import type { SharedLimit } from '../rateLimit';
import { languageOf, requireStaff } from './session';

type Page = (req: Request, res: Response, view: string, lang: Language, data: Record<string, unknown>, status?: number) => void;

export interface AdminDeps {
  sql: Sql;
  client: Client;
  config: Config;
  intake: IntakeDeps;
  page: Page;
  csrfToken: (req: Request, res: Response) => string;
  csrfProtection: RequestHandler;
  notFound: (req: Request, res: Response) => void;
  /** A rate limit shared by the web processes (src/web/rateLimit.ts). */
  limit: (o: SharedLimit) => RequestHandler;
}

/** Renders a view in the admin layout, with the staff member, the menu and a CSRF token. */
export type AdminPage = (req: Request, res: Response, view: string, data: Record<string, unknown>, status?: number) => void;

/** What each area's `mountX(app, ctx)` gets. */
export interface AdminContext extends Pick<AdminDeps, 'sql' | 'client' | 'config' | 'intake' | 'csrfProtection' | 'notFound' | 'limit'> {
  adminPage: AdminPage;
  /** Signed in (else to the sign-in page) and, if given, allowed (else the 403 page). */
  need: (permission?: Permission) => RequestHandler;
  forbidden: (req: Request, res: Response) => void;
  ip: (req: Request) => string | undefined;
}

/**
 * The admin menu: a flag per entry, set when the staff member has the entry's permission
 * (the links are in views/layouts/admin.hbs). A new area adds its line here.
 */
const NAV = {
  inbox: 'tasks.work',
  cases: 'cases.view',
  analysis: 'analysis.view',
  phone: 'phone.register',
  settings: 'settings.manage',
  templates: 'templates.manage',
  accounts: 'accounts.manage',
  reports: 'reports.manage',
  improvements: 'cases.view',
} as const satisfies Record<string, Permission>;

export { languageOf, localized } from './session';

/** The form's string fields, line breaks as \n (src/domain/text.ts); the rules of each form check the rest. */
export function bodyOf(req: Request): Record<string, string> {
  const body = (req.body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).flatMap(([k, v]) => (typeof v === 'string' ? [[k, normalizeLineBreaks(v)]] : [])));
}

export function adminContext(deps: AdminDeps): AdminContext {
  const { sql, client, config } = deps;
  const forbidden = (req: Request, res: Response) => {
    const lang = languageOf(req);
    adminPage(req, res, 'error', { title: t(lang, 'admin.title'), message: t(lang, 'admin.forbidden') }, 403);
  };
  const need = (permission?: Permission) => requireStaff(permission, forbidden);
  const ip = (req: Request) => req.ip;

  function adminPage(req: Request, res: Response, view: string, data: Record<string, unknown>, status = 200) {
    const lang = languageOf(req);
    // A session still waiting for its two-factor code is not signed in yet: no name, no menu.
    const staff = req.staff?.secondFactorPending ? undefined : req.staff;
    deps.page(req, res, view, lang, {
      layout: 'admin',
      staff: staff ? { ...staff, roleLabel: ROLE_LABELS[staff.role][lang] } : undefined,
      nav: staff ? Object.fromEntries(Object.entries(NAV).map(([entry, permission]) => [entry, can(staff.role, permission)])) : undefined,
      csrfToken: deps.csrfToken(req, res),
      langQuery: lang === 'en' ? '?lang=en' : '',
      // After a form sent in vain (src/web/admin/session.ts formReturn): the browser puts the drafts back.
      restoreDrafts: req.query.herstel === '1',
      // …because the form's token had expired: it was not sent, and the page says so.
      expiredForm: req.query.verlopen === '1',
      // The error view's way back leads into the admin area.
      adminArea: true,
      ...data,
    }, status);
  }

  return {
    sql, client, config, intake: deps.intake, csrfProtection: deps.csrfProtection, notFound: deps.notFound, limit: deps.limit,
    adminPage, need, forbidden, ip,
  };
}

/**
 * The staff side: sign-in, the task inbox, the case list and case page with one form per action
 * of the procedure, phone registration, settings, accounts, and the governance reports. Every route checks the staff
 * member's permission; every action is audited; case actions go to the workflow (Updates, and
 * the objection signal for an objection received by phone).
 *
 * One module per area, each with a `mountX(app, ctx)`; a new area is one more line below (and,
 * for a menu entry, one in NAV in context.ts). The order is the order in which Express matches.
 */
import type { Express } from 'express';
import { mountAccounts } from './accounts';
import { mountAnalysis } from './analysis';
import { mountAttachments } from './attachments';
import { mountCases } from './cases';
import { mountErasure } from './erasure';
import { adminContext, type AdminDeps } from './context';
import { mountHelp } from './help';
import { mountImprovements } from './improvements';
import { mountInbox } from './inbox';
import { mountPassword } from './password';
import { mountPhone } from './phone';
import { mountReplyTemplates } from './replyTemplates';
import { mountReports } from './reports';
import { mountSavedViews } from './savedViews';
import { mountWhatIf } from './whatIf';
import { mountSettings } from './settings';
import { mountSignIn } from './signin';
import { mountTwoFactor } from './twoFactor';

export type { AdminDeps } from './context';

export function mountAdmin(app: Express, deps: AdminDeps): void {
  const ctx = adminContext(deps);
  mountSignIn(app, ctx);
  mountTwoFactor(app, ctx);
  mountPassword(app, ctx);
  mountInbox(app, ctx);
  mountCases(app, ctx);
  mountAttachments(app, ctx);
  mountErasure(app, ctx);
  mountAnalysis(app, ctx);
  mountPhone(app, ctx);
  mountSettings(app, ctx);
  mountReplyTemplates(app, ctx);
  mountSavedViews(app, ctx);
  mountHelp(app, ctx);
  mountAccounts(app, ctx);
  mountReports(app, ctx);
  mountWhatIf(app, ctx);
  mountImprovements(app, ctx);
}

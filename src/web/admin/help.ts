/**
 * Sneltoetsen: the keyboard shortcuts of the queue, the case list and the case page, for everyone
 * signed in. The keys themselves are handled in src/web/public/admin.js; this list and that file
 * change together.
 */
import type { Express } from 'express';
import { t, type MessageKey } from '../../i18n/messages';
import { languageOf, type AdminContext } from './context';

export const SHORTCUTS: { keys: string[]; does: MessageKey; where: MessageKey }[] = [
  { keys: ['j'], does: 'admin.help.rowDown', where: 'admin.help.where.lists' },
  { keys: ['k'], does: 'admin.help.rowUp', where: 'admin.help.where.lists' },
  { keys: ['Enter'], does: 'admin.help.open', where: 'admin.help.where.lists' },
  { keys: ['n'], does: 'admin.help.next', where: 'admin.help.where.queueAndCase' },
  { keys: ['c'], does: 'admin.help.claim', where: 'admin.help.where.queueAndCase' },
  { keys: ['r'], does: 'admin.help.reply', where: 'admin.help.where.case' },
  { keys: ['/'], does: 'admin.help.search', where: 'admin.help.where.caseList' },
  { keys: ['?'], does: 'admin.help.help', where: 'admin.help.where.all' },
];

export function mountHelp(app: Express, ctx: AdminContext): void {
  app.get('/admin/sneltoetsen', ctx.need(), (req, res) => {
    const lang = languageOf(req);
    ctx.adminPage(req, res, 'admin/help', {
      title: t(lang, 'admin.help.title'),
      shortcuts: SHORTCUTS.map((s) => ({ keys: s.keys, does: t(lang, s.does), where: t(lang, s.where) })),
    });
  });
}

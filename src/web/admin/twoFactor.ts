/**
 * Two-factor sign-in (TOTP): the code page after a right password, and "Tweestapsverificatie",
 * where staff set it up with an authenticator app (QR code or typed secret, confirmed by a first
 * code) and turn it off again (password and code; not when the setting requires it for their
 * role). Wrong codes count as failed sign-ins, with the same lock-out. Every step audited.
 */
import type { Express, Request, Response } from 'express';
import QRCode from 'qrcode';
import { loadSettings } from '../../db/settings';
import { audit, checkPassword, clearSignInFailures, createSession, endSession, recordSignInFailure, signInLocked } from '../../db/staff';
import { acceptCode, enrollmentSecret, turnOffTwoFactor } from '../../db/twoFactor';
import { groupedSecret, totpUri, twoFactorRequired } from '../../domain/twoFactor';
import { t } from '../../i18n/messages';
import { bodyOf, languageOf, localized, type AdminContext } from './context';
import { cookieOptions, SECOND_FACTOR_PATH, sessionCookie, TWO_FACTOR_SETUP_PATH } from './session';
import { safeNext } from './signin';

export function mountTwoFactor(app: Express, ctx: AdminContext): void {
  const { sql, config, csrfProtection, adminPage, need, ip } = ctx;
  const cookie = sessionCookie(config.secureCookies);
  const lang = (req: Request) => languageOf(req);

  // ---------------------------------------------------------------------------------------------
  // Signing in: the code after the password

  const codePage = (req: Request, res: Response, o: { problem?: string; status?: number } = {}) =>
    adminPage(req, res, 'admin/twoFactorCode', {
      title: t(lang(req), 'admin.twoFactor.codeTitle'), next: safeNext(req.query.next ?? bodyOf(req).next), problem: o.problem,
    }, o.status);

  app.get(SECOND_FACTOR_PATH, need(), (req, res) => {
    if (!req.staff!.secondFactorPending) return res.redirect(303, localized(req, '/admin'));
    codePage(req, res);
  });

  app.post(SECOND_FACTOR_PATH, need(), csrfProtection, async (req, res, next) => {
    try {
      const me = req.staff!;
      if (!me.secondFactorPending) return res.redirect(303, localized(req, '/admin'));
      const body = bodyOf(req);
      const locked = await signInLocked(sql, me.email, ip(req));
      if (!locked && await acceptCode(sql, me.id, body.code ?? '')) {
        // The signed-in session is a new one: the token that waited for the code ends.
        await endSession(sql, (req.cookies as Record<string, string>)[cookie]!);
        await clearSignInFailures(sql, me.email);
        res.cookie(cookie, await createSession(sql, me.id, ip(req)), cookieOptions(config.secureCookies));
        await audit(sql, { staff: me, action: 'signed-in', ip: ip(req), detail: { twoFactor: true } });
        return res.redirect(303, localized(req, safeNext(body.next)));
      }
      if (!locked) await recordSignInFailure(sql, me.email, ip(req));
      await audit(sql, { staff: me, action: 'sign-in-failed', ip: ip(req), detail: { reason: locked ? 'locked' : 'code' } });
      await new Promise((r) => setTimeout(r, 300));
      if (locked || await signInLocked(sql, me.email, ip(req))) {
        // Too many wrong codes: back to the start, where the lock-out applies as to passwords.
        await endSession(sql, (req.cookies as Record<string, string>)[cookie]!);
        res.clearCookie(cookie, { path: '/', secure: config.secureCookies });
        return adminPage(req, res, 'admin/signin', { title: t(lang(req), 'admin.signin.title'), problem: t(lang(req), 'admin.signin.invalid') }, 401);
      }
      codePage(req, res, { problem: t(lang(req), 'admin.twoFactor.wrongCode'), status: 401 });
    } catch (err) {
      next(err);
    }
  });

  // ---------------------------------------------------------------------------------------------
  // Setting it up and turning it off

  async function setupPage(req: Request, res: Response, o: { problem?: string; status?: number; done?: string } = {}) {
    const me = req.staff!;
    const { security } = await loadSettings(sql);
    const required = twoFactorRequired(me.role, security.twoFactorRequired);
    const secret = me.twoFactor ? undefined : await enrollmentSecret(sql, me.id);
    const uri = secret ? totpUri(secret, me.email) : undefined;
    adminPage(req, res, 'admin/twoFactor', {
      title: t(lang(req), 'admin.twoFactor.title'),
      on: me.twoFactor,
      required,
      mustSetUp: required && !me.twoFactor,
      qr: uri ? await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }) : undefined,
      secret: secret ? groupedSecret(secret) : undefined,
      problem: o.problem,
      done: o.done,
    }, o.status);
  }

  app.get(TWO_FACTOR_SETUP_PATH, need(), (req, res, next) => {
    const done = req.query.gedaan === 'aan' ? t(lang(req), 'admin.twoFactor.turnedOn')
      : req.query.gedaan === 'uit' ? t(lang(req), 'admin.twoFactor.turnedOff') : undefined;
    setupPage(req, res, { done }).catch(next);
  });

  const back = (req: Request, done: 'aan' | 'uit') => localized(req, `${TWO_FACTOR_SETUP_PATH}?gedaan=${done}`);

  app.post(`${TWO_FACTOR_SETUP_PATH}/aanzetten`, need(), csrfProtection, async (req, res, next) => {
    try {
      const me = req.staff!;
      if (me.twoFactor) return res.redirect(303, localized(req, TWO_FACTOR_SETUP_PATH));
      if (!(await acceptCode(sql, me.id, bodyOf(req).code ?? '', { confirming: true }))) {
        await audit(sql, { staff: me, action: 'two-factor.set-up-refused', ip: ip(req) });
        return setupPage(req, res, { problem: t(lang(req), 'admin.twoFactor.wrongCode'), status: 422 });
      }
      await audit(sql, { staff: me, action: 'two-factor.on', ip: ip(req) });
      res.redirect(303, back(req, 'aan'));
    } catch (err) {
      next(err);
    }
  });

  app.post(`${TWO_FACTOR_SETUP_PATH}/uitzetten`, need(), csrfProtection, async (req, res, next) => {
    try {
      const me = req.staff!;
      const body = bodyOf(req);
      const { security } = await loadSettings(sql);
      const problem = !me.twoFactor ? undefined
        : twoFactorRequired(me.role, security.twoFactorRequired) ? t(lang(req), 'admin.twoFactor.requiredForRole')
          : !(await checkPassword(sql, me.id, body.current ?? '')) ? t(lang(req), 'admin.password.wrongCurrent')
            : !(await acceptCode(sql, me.id, body.code ?? '')) ? t(lang(req), 'admin.twoFactor.wrongCode') : undefined;
      if (problem) {
        await audit(sql, { staff: me, action: 'two-factor.off-refused', ip: ip(req) });
        return setupPage(req, res, { problem, status: 422 });
      }
      if (me.twoFactor) {
        await turnOffTwoFactor(sql, me.id);
        await audit(sql, { staff: me, action: 'two-factor.off', ip: ip(req) });
      }
      res.redirect(303, back(req, 'uit'));
    } catch (err) {
      next(err);
    }
  });
}

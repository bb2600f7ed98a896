/**
 * Names for people on the admin pages. A case names staff by staff id (`staff-<id>`) in Temporal
 * and by email address in the read model and in cases worked before staff ids
 * (src/domain/staffInCase.ts); the pages show the person's name.
 */
import type { StaffMember } from '../../db/staff';
import { CUSTOMER, SYSTEM } from '../../domain/lifecycle';
import { staffIdOf } from '../../domain/staff';
import type { Language } from '../../domain/case';
import { t } from '../../i18n/messages';

export interface StaffNames {
  /** The name of the staff member, the customer or the system that `who` stands for; an unknown value as it is. */
  of(who: string): string;
  /** The text with every staff id in it replaced by the name (a refusal names the handler by id). */
  inText(text: string): string;
}

export function staffNames(staff: readonly StaffMember[], lang: Language): StaffNames {
  const byId = new Map(staff.map((m) => [m.id, m.name]));
  const byEmail = new Map(staff.map((m) => [m.email, m.name]));
  const of = (who: string) => {
    if (who === SYSTEM) return t(lang, 'admin.actor.system');
    if (who === CUSTOMER) return t(lang, 'admin.actor.customer');
    const id = staffIdOf(who);
    return (id !== undefined ? byId.get(id) : byEmail.get(who.toLowerCase())) ?? who;
  };
  return { of, inText: (text) => text.replace(/\bstaff-[0-9]+\b/g, of) };
}

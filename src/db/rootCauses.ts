import type { Language } from '../domain/case';
import type { Sql } from './db';

export interface RootCause {
  key: string;
  labelNl: string;
  labelEn: string;
  active: boolean;
}

/** The root causes administrators manage, in their order; `activeOnly` for new outcomes. */
export async function listRootCauses(sql: Sql, o: { activeOnly?: boolean } = {}): Promise<RootCause[]> {
  return sql<RootCause[]>`
    SELECT key, label_nl AS "labelNl", label_en AS "labelEn", active FROM root_causes
    ${o.activeOnly ? sql`WHERE active` : sql``} ORDER BY position, key`;
}

export function rootCauseLabel(c: RootCause, language: Language): string {
  return language === 'en' ? c.labelEn : c.labelNl;
}

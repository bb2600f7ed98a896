import type { CaseType } from './case';

/** KL-2026-000042 for complaints (klacht), FB-2026-000042 for feedback. */
export const REFERENCE_PATTERN = /^(KL|FB)-\d{4}-\d{6}$/;

export function referencePrefix(caseType: CaseType): 'KL' | 'FB' {
  return caseType === 'complaint' ? 'KL' : 'FB';
}

export function formatReference(caseType: CaseType, year: number, sequence: number): string {
  return `${referencePrefix(caseType)}-${year}-${String(sequence).padStart(6, '0')}`;
}

export function isReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value);
}

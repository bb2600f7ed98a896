/**
 * Custom search attributes of a case workflow: what ops filter on in Temporal Web. Never
 * personal data: search attributes are plain text to anyone who can open Temporal Web.
 * Pure definitions, imported by workflow code too.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseReference = defineSearchAttributeKey('CaseReference', SearchAttributeType.KEYWORD);
export const CaseType = defineSearchAttributeKey('CaseType', SearchAttributeType.KEYWORD);
export const CaseStatus = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CaseChannel = defineSearchAttributeKey('CaseChannel', SearchAttributeType.KEYWORD);
/** Staff member handling the case (a staff id, not customer data). */
export const CaseHandler = defineSearchAttributeKey('CaseHandler', SearchAttributeType.KEYWORD);
/** The earliest deadline still ahead whose passing would breach a promise. */
export const NextDeadline = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
/** Whether a promise of the procedure has been breached on this case. */
export const Breached = defineSearchAttributeKey('Breached', SearchAttributeType.BOOL);

export const CASE_SEARCH_ATTRIBUTES = [CaseReference, CaseType, CaseStatus, CaseChannel, CaseHandler, NextDeadline, Breached];

/** `Name=Type` for `temporal server start-dev --search-attribute`. */
export function devServerSearchAttributeFlags(): string[] {
  const cliType = { KEYWORD: 'Keyword', TEXT: 'Text', INT: 'Int', DOUBLE: 'Double', BOOL: 'Bool', DATETIME: 'Datetime', KEYWORD_LIST: 'KeywordList' } as const;
  return CASE_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${cliType[k.type]}`]);
}

/** Set by Temporal on every run a Schedule starts: the time the run was scheduled for (also when caught up late). */
export const TemporalScheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * The messages of a case workflow: its query, the staff Updates and the customer signals. The
 * workflow (workflows/caseWorkflow.ts) handles them; the web app sends them. Both import this
 * module, so the web process imports no workflow code (as the Temporal samples' shared.ts).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseStatus } from '../domain/case';
import type { CaseState, CustomerAction, StaffAction } from '../domain/lifecycle';

type Input<A extends { type: string }> = Omit<A, 'type'>;
export type Staff<T extends StaffAction['type']> = Input<Extract<StaffAction, { type: T }>>;
export type Customer<T extends CustomerAction['type']> = Input<Extract<CustomerAction, { type: T }>>;

export const caseStateQuery = defineQuery<CaseState>('caseState');

/**
 * What a staff Update returns: the case's status after the action. (Before the patch
 * `small-update-results` the whole state, whose texts every Update then copied into the history.)
 */
export interface CaseUpdateResult {
  status: CaseStatus;
}

export const assignHandlerUpdate = defineUpdate<CaseUpdateResult, [Staff<'assignHandler'>]>('assignHandler');
export const requestInformationUpdate = defineUpdate<CaseUpdateResult, [Staff<'requestInformation'>]>('requestInformation');
export const substantiveResponseSentUpdate = defineUpdate<CaseUpdateResult, [Staff<'substantiveResponseSent'>]>('substantiveResponseSent');
export const addProposalUpdate = defineUpdate<CaseUpdateResult, [Staff<'addProposal'>]>('addProposal');
export const markComplexUpdate = defineUpdate<CaseUpdateResult, [Staff<'markComplex'>]>('markComplex');
export const resolveUpdate = defineUpdate<CaseUpdateResult, [Staff<'resolve'>]>('resolve');
export const objectionDecidedUpdate = defineUpdate<CaseUpdateResult, [Staff<'objectionDecided'>]>('objectionDecided');
export const addNoteUpdate = defineUpdate<CaseUpdateResult, [Staff<'addNote'>]>('addNote');
export const recomputeDeadlinesUpdate = defineUpdate<CaseUpdateResult, [Staff<'recomputeDeadlines'>]>('recomputeDeadlines');
export const convertToComplaintUpdate = defineUpdate<CaseUpdateResult, [Staff<'convertToComplaint'>]>('convertToComplaint');

export const customerRepliedSignal = defineSignal<[Customer<'customerReplied'>]>('customerReplied');
export const objectionSignal = defineSignal<[Customer<'objection'>]>('objection');
export const acceptOutcomeSignal = defineSignal<[Customer<'acceptOutcome'>]>('acceptOutcome');
export const withdrawSignal = defineSignal<[Customer<'withdraw'>]>('withdraw');

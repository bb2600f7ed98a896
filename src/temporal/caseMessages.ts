/**
 * The messages of a case workflow: its query, the staff Updates and the customer signals. The
 * workflow (workflows/caseWorkflow.ts) handles them; the web app sends them. Both import this
 * module, so the web process imports no workflow code (as the Temporal samples' shared.ts).
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CaseState, CustomerAction, StaffAction } from '../domain/lifecycle';

type Input<A extends { type: string }> = Omit<A, 'type'>;
export type Staff<T extends StaffAction['type']> = Input<Extract<StaffAction, { type: T }>>;
export type Customer<T extends CustomerAction['type']> = Input<Extract<CustomerAction, { type: T }>>;

export const caseStateQuery = defineQuery<CaseState>('caseState');

export const assignHandlerUpdate = defineUpdate<CaseState, [Staff<'assignHandler'>]>('assignHandler');
export const requestInformationUpdate = defineUpdate<CaseState, [Staff<'requestInformation'>]>('requestInformation');
export const substantiveResponseSentUpdate = defineUpdate<CaseState, [Staff<'substantiveResponseSent'>]>('substantiveResponseSent');
export const addProposalUpdate = defineUpdate<CaseState, [Staff<'addProposal'>]>('addProposal');
export const markComplexUpdate = defineUpdate<CaseState, [Staff<'markComplex'>]>('markComplex');
export const resolveUpdate = defineUpdate<CaseState, [Staff<'resolve'>]>('resolve');
export const objectionDecidedUpdate = defineUpdate<CaseState, [Staff<'objectionDecided'>]>('objectionDecided');
export const addNoteUpdate = defineUpdate<CaseState, [Staff<'addNote'>]>('addNote');
export const recomputeDeadlinesUpdate = defineUpdate<CaseState, [Staff<'recomputeDeadlines'>]>('recomputeDeadlines');
export const convertToComplaintUpdate = defineUpdate<CaseState, [Staff<'convertToComplaint'>]>('convertToComplaint');

export const customerRepliedSignal = defineSignal<[Customer<'customerReplied'>]>('customerReplied');
export const objectionSignal = defineSignal<[Customer<'objection'>]>('objection');
export const acceptOutcomeSignal = defineSignal<[Customer<'acceptOutcome'>]>('acceptOutcome');
export const withdrawSignal = defineSignal<[Customer<'withdraw'>]>('withdraw');

// The workflow bundle's entry point (Worker `workflowsPath`): every workflow type is exported here.
export { caseWorkflow, caseStateQuery } from './caseWorkflow';
export type { CaseState, TimelineEntry } from './caseWorkflow';

// The workflow bundle's entry point (Worker `workflowsPath`): every workflow type, with its
// queries, updates and signals, is exported here.
export * from './caseWorkflow';
export * from './reportWorkflow';
export * from './continuousAnalysisWorkflow';
export * from './retentionWorkflow';
export * from './statusLinkWorkflow';

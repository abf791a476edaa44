/** Names of the update-run orchestrations, activities and events: never string literals at call sites. */
export const ORCHESTRATOR = {
  run: 'UpdateRunOrchestrator',
  group: 'UpdateGroupOrchestrator',
  member: 'MemberUpdateOrchestrator',
  gates: 'UpdateGatesOrchestrator',
  afterStage: 'AfterUpdateStageOrchestrator',
} as const;

export const ACTIVITY = {
  loadRunPlan: 'LoadRunPlan',
  writeStatus: 'WriteRunStatus',
  readControl: 'ReadRunControl',
  haltRun: 'HaltRun',
  recordFailure: 'RecordMemberFailure',
  releaseRun: 'ReleaseRun',
  beginStage: 'BeginUpdateStage',
  selectConsistentImages: 'SelectConsistentNodeImages',
  beginGroup: 'BeginUpdateGroup',
  readMembers: 'ReadGroupMembers',
  readDueMembers: 'ReadDueGroupMembers',
  skipMembers: 'SkipGroupMembers',
  endGroup: 'EndUpdateGroup',
  updateMember: 'UpdateMember',
  advanceMember: 'AdvanceMemberUpdate',
  openGates: 'OpenGates',
  readGates: 'ReadGates',
  settleGates: 'SettleGates',
} as const;

/**
 * Raised to the run, its group and gate orchestrations whenever the stored intent (stop, skip, halt) changes, and to
 * a gate orchestration when one of its gates is approved.
 */
export const INTENT_EVENT = 'intent';

/** Names of the update-run orchestrations, activities and events: never string literals at call sites. */
export const ORCHESTRATOR = {
  run: 'UpdateRunOrchestrator',
  group: 'UpdateGroupOrchestrator',
  member: 'MemberUpdateOrchestrator',
} as const;

export const ACTIVITY = {
  loadRunPlan: 'LoadRunPlan',
  writeStatus: 'WriteRunStatus',
  readControl: 'ReadRunControl',
  haltRun: 'HaltRun',
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
} as const;

/** Raised to the run and its group orchestrations whenever the stored intent (stop, skip, halt) changes. */
export const INTENT_EVENT = 'intent';

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
  beginGroup: 'BeginUpdateGroup',
  beginStage: 'BeginUpdateStage',
  orderStage: 'OrderStageMembers',
  selectConsistentImages: 'SelectConsistentNodeImages',
  planMember: 'PlanMemberUpgrade',
  advanceMember: 'AdvanceMemberUpgrade',
} as const;

/** Raised to the run and its group orchestrations whenever the stored intent (stop, skip, halt) changes. */
export const INTENT_EVENT = 'intent';

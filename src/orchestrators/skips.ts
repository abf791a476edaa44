// The skip rules live in the domain (src/domain/skip.ts); these names stay for the orchestrators and activities
// that import them from here.
export { isGroupSkipped, isWaitSkipped, membersLeftToUpdate as membersWithTurn, skippedMembers } from '../domain';

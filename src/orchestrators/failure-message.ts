/** The text of a failure an orchestration caught (an activity's Error, or whatever it threw), for a status error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
}

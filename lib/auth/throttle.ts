// Failed sign-ins per account: better-auth limits requests per address and path, which
// does nothing against guessing one account's password from many addresses. After
// FREE_FAILURES failures in a row for an email (whether or not an account has it, so that
// the answer tells nothing about which exist), each next attempt must wait, twice as long
// for each further failure, up to MAX_WAIT_S. A successful sign-in clears the count.

export const FREE_FAILURES = 5;
const FIRST_WAIT_S = 30;
export const MAX_WAIT_S = 15 * 60;

export type Failures = { failures: number; lastFailedAt: Date };

// Seconds until the email may try again (0: now).
export function waitSeconds(record: Failures | null, now: Date): number {
  if (!record || record.failures < FREE_FAILURES) return 0;
  const wait = Math.min(MAX_WAIT_S, FIRST_WAIT_S * 2 ** (record.failures - FREE_FAILURES));
  const left = record.lastFailedAt.getTime() + wait * 1000 - now.getTime();
  return left > 0 ? Math.ceil(left / 1000) : 0;
}

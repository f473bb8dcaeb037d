import { InvalidEnvironmentError } from "../env";
import { DatabaseUnreachableError } from "../postgres/connection";
import { EmbeddedDatabaseError } from "../postgres/embedded";

// What a command prints when it fails: the message alone for what a person can mend (a
// database that does not answer or start, a bad variable), the stack for anything else.
export function failureText(error: unknown): string {
  const isExpected =
    error instanceof DatabaseUnreachableError ||
    error instanceof EmbeddedDatabaseError ||
    error instanceof InvalidEnvironmentError;
  return isExpected ? error.message : String((error as Error).stack ?? error);
}

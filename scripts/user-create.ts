// npm run user:create -- --email E --role VIEWER|ANNOTATOR|ADMIN [--name N] [--password P]:
// an account on the database the app uses (DATABASE_URL, or the embedded one), for the
// first admin of a fresh install. Prints a generated password when none is given.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";

import { PrismaPg } from "@prisma/adapter-pg";

import { createAuth } from "@/lib/auth/config";
import { ROLES } from "@/lib/auth/roles";
import { authSecret, trustedOrigins } from "@/lib/auth/secret";
import { createUserAccount, generatePassword, roleOfArg, UserInputError } from "@/lib/auth/users";
import { failureText } from "@/lib/cli/errors";
import { env } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { openDatabase } from "@/lib/postgres/open";

const USAGE = `Usage: npm run user:create -- --email EMAIL --role ${ROLES.join("|")} [--name NAME] [--password PASSWORD]

Creates an account that signs in with EMAIL and a password of at least 12 characters
(one is generated and printed when --password is not given). NAME defaults to the part of
EMAIL before the @.`;

function usageError(message: string): never {
  process.stderr.write(`user:create: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        password: { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (error) {
    usageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.email) usageError("--email is required");
  if (!values.role) usageError("--role is required");
  const role = roleOfArg(values.role) ?? usageError(`--role must be one of ${ROLES.join(", ")}, not "${values.role}"`);
  const password = values.password ?? generatePassword();

  const database = await openDatabase();
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: database.url }) });
  try {
    // The command signs no cookie: with DATABASE_URL and no BETTER_AUTH_SECRET any key does.
    const secret = env().DATABASE_URL && !env().BETTER_AUTH_SECRET ? randomBytes(32).toString("base64") : authSecret();
    const auth = createAuth({ prisma, secret, trustedOrigins: trustedOrigins() });
    const { id, user } = await createUserAccount(auth, {
      email: values.email,
      name: values.name ?? values.email.split("@")[0],
      role,
      password,
    });
    console.log(`Created user #${id} ${user.email} (${user.role}) on ${database.description}.`);
    if (!values.password) console.log(`Password: ${password}`);
  } catch (error) {
    if (error instanceof UserInputError) {
      process.stderr.write(`user:create: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  } finally {
    await prisma.$disconnect();
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`user:create: ${failureText(error)}\n`);
  process.exit(1);
});

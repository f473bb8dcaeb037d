// npm run judge:fake [-- --port 4010] [--delay-ms N] [--malformed] [--instant]: the local test endpoint.
import { parseArgs } from "node:util";

import { startFakeEndpoint } from "@/lib/judges/fake-endpoint";

const USAGE = `Usage: npm run judge:fake -- [--port 4010] [--delay-ms N] [--malformed] [--instant]

Serves an OpenAI-compatible chat-completions endpoint on 127.0.0.1 that judges an edit
from its two images (how much and where the output differs from the source), for trying
judge runs without a model:

  JUDGE_BASE_URL=http://127.0.0.1:4010/v1 JUDGE_MODEL=fake npm run judge -- --filter "" --judge fake

  --port N       the port (default 4010; 0: any free port)
  --delay-ms N   answer after N milliseconds
  --malformed    answer every request with text that is not the JSON asked for
  --instant      answer at once with fixed scores, without decoding the images (for timing
                 the runner alone: npm run bench:signals)`;

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4010" },
      "delay-ms": { type: "string", default: "0" },
      malformed: { type: "boolean" },
      instant: { type: "boolean" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  const delayMs = Number(values["delay-ms"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number`);
  if (!(delayMs >= 0)) throw new Error(`--delay-ms must be a number of milliseconds`);
  const endpoint = await startFakeEndpoint(port, { delayMs, malformed: values.malformed, instant: values.instant });
  process.stdout.write(`Fake judge endpoint: ${endpoint.url} (Ctrl-C stops it)\n`);
  process.once("SIGINT", () => void endpoint.close().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`judge:fake: ${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
});

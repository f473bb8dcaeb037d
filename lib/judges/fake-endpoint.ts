import http from "node:http";
import type { AddressInfo } from "node:net";

import { compareImages, type ChangeSignals } from "../signals/compare";

// A small OpenAI-compatible chat-completions server that judges from the images it is
// sent: it decodes both (data URLs, or http URLs it fetches), measures how the output
// differs from the source (lib/signals/compare.ts) and turns that into the four criteria.
// Its answers are deterministic and differ from edit to edit. Tests start it to run judges
// against real HTTP, and can make it answer with errors, malformed JSON or slowly;
// `npm run judge:fake` serves it for trying the flow by hand.

export type FakeFault = { status: number; retryAfterSeconds?: number } | { malformed: true };

export type FakeBehaviour = {
  // Answered in order, one per request, before any normal answer.
  faults?: FakeFault[];
  // Every answer malformed (not JSON).
  malformed?: boolean;
  // Wait this long before answering.
  delayMs?: number;
  // Added to every criterion (then kept in [0, 1]): a stricter or a more lenient judge.
  shift?: number;
  // Answer at once with fixed scores, without reading the images: for timing what the
  // runner itself costs (bench:signals).
  instant?: boolean;
};

const INSTANT = JSON.stringify({
  compliance: 0.9,
  realism: 0.8,
  preservation: 0.8,
  technical: 0.9,
  rationale: "fixed",
});

export type FakeEndpoint = {
  // The base URL to give the openai client (ends in /v1).
  url: string;
  requests: () => number;
  // Responses by HTTP status.
  statuses: () => Record<number, number>;
  configure: (behaviour: FakeBehaviour) => void;
  close: () => Promise<void>;
};

type ContentPart = { type: string; text?: string; image_url?: { url: string } };
type ChatRequest = { model?: string; messages?: { role: string; content: string | ContentPart[] }[] };

const round = (value: number) => Math.round(Math.min(1, Math.max(0, value)) * 100) / 100;

// The criteria from the change: an edit that changed something scores on compliance, one
// that kept the rest scores on preservation, one whose structure holds together on realism,
// a larger output on technical quality.
export function fakeScores(signals: ChangeSignals, shift = 0) {
  return {
    compliance: round(0.3 + 3 * signals.changedFraction + shift),
    realism: round(0.4 + 0.6 * signals.ssim + shift),
    preservation: round(1 - 1.5 * signals.meanAbsDiff - 0.5 * signals.changedFraction + shift),
    technical: round(0.6 + (0.4 * Math.min(signals.output.width, signals.output.height)) / 512 + shift),
  };
}

async function imageBytes(url: string): Promise<Buffer> {
  const data = /^data:[^;,]+;base64,(.*)$/s.exec(url);
  if (data) return Buffer.from(data[1] as string, "base64");
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

async function answer(
  request: ChatRequest,
  shift: number,
): Promise<{ content: string; promptText: string; images: number }> {
  const parts = (request.messages ?? []).flatMap((message) =>
    typeof message.content === "string" ? [{ type: "text", text: message.content }] : message.content,
  );
  const images = parts.flatMap((part) => (part.type === "image_url" && part.image_url ? [part.image_url.url] : []));
  const promptText = parts.map((part) => part.text ?? "").join("\n");
  if (images.length !== 2) throw new Error(`expected 2 images, got ${images.length}`);
  const [source, output] = await Promise.all(images.map(imageBytes));
  const signals = await compareImages(source as Buffer, output as Buffer);
  const content = JSON.stringify({
    ...fakeScores(signals, shift),
    rationale: `changed ${Math.round(signals.changedFraction * 100)}% of the picture (SSIM ${signals.ssim.toFixed(2)})`,
  });
  return { content, promptText, images: images.length };
}

const readBody = (request: http.IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });

export async function startFakeEndpoint(port = 0, initial: FakeBehaviour = {}): Promise<FakeEndpoint> {
  let behaviour = initial;
  let faults = [...(initial.faults ?? [])];
  let requests = 0;
  const statuses: Record<number, number> = {};
  let completions = 0;

  const send = (response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(JSON.stringify(body));
  };

  const server = http.createServer(async (request, response) => {
    if (request.method !== "POST" || !request.url?.endsWith("/chat/completions"))
      return send(response, 404, { error: { message: `no route ${request.method} ${request.url}` } });
    requests += 1;
    const body = await readBody(request);
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    const fault = faults.shift();
    if (fault && "status" in fault)
      return send(
        response,
        fault.status,
        { error: { message: `fake endpoint: HTTP ${fault.status}`, type: "fake" } },
        fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) },
      );
    let parsed: ChatRequest;
    try {
      parsed = JSON.parse(body) as ChatRequest;
    } catch {
      return send(response, 400, { error: { message: "the request body is not JSON" } });
    }
    let result;
    try {
      result = behaviour.instant
        ? { content: INSTANT, promptText: "", images: 2 }
        : await answer(parsed, behaviour.shift ?? 0);
    } catch (error) {
      return send(response, 400, { error: { message: (error as Error).message } });
    }
    const malformed = behaviour.malformed || (fault !== undefined && "malformed" in fault);
    const content = malformed ? `Sure! The scores are ${result.content.slice(0, 40)}` : result.content;
    completions += 1;
    send(response, 200, {
      id: `chatcmpl-fake-${completions}`,
      object: "chat.completion",
      created: 0,
      model: parsed.model ?? "fake-judge",
      choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
      // About four characters a token, and 85 tokens an image (a low-detail image's price).
      usage: {
        prompt_tokens: Math.ceil(result.promptText.length / 4) + 85 * result.images,
        completion_tokens: Math.ceil(content.length / 4),
        total_tokens: Math.ceil(result.promptText.length / 4) + 85 * result.images + Math.ceil(content.length / 4),
      },
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests: () => requests,
    statuses: () => ({ ...statuses }),
    configure: (next) => {
      behaviour = next;
      faults = [...(next.faults ?? [])];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

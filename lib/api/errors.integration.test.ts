import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { AppError, routeHandler } from "./errors";

// The one error path of the route handlers, against the run's database for the timeout.
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client.end();
});

const call = (handler: () => Promise<Response>) =>
  routeHandler(
    "test view",
    handler,
  )(new Request("http://localhost/api/test", { headers: { "x-request-id": "req-7" } }));

describe("routeHandler", () => {
  it("answers an AppError with its status and message as JSON", async () => {
    const response = await call(async () => {
      throw new AppError("NOT_FOUND", "no edit has id 12");
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: "no edit has id 12" } });
  });

  it("answers a statement stopped by statement_timeout with a 503 naming the view", async () => {
    const response = await call(async () => {
      await client.query("SET statement_timeout = 50");
      try {
        await client.query("SELECT pg_sleep(2)");
      } finally {
        await client.query("RESET statement_timeout");
      }
      return Response.json({});
    });
    expect(response.status).toBe(503);
    const body = await response.json();
    expect(body.error.code).toBe("UNAVAILABLE");
    expect(body.error.message).toMatch(/^The test view took longer than the database allows/);
  });

  it("answers anything else with a 500 naming the request id, and logs the error under it", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const response = await call(async () => {
        throw new TypeError("cannot read x of undefined");
      });
      expect(response.status).toBe(500);
      expect(response.headers.get("x-request-id")).toBe("req-7");
      expect(await response.json()).toEqual({
        error: { code: "INTERNAL", message: "Something went wrong on the server (request req-7)." },
      });
      expect(log).toHaveBeenCalledWith("[req-7] test view:", expect.any(TypeError));
    } finally {
      log.mockRestore();
    }
  });
});

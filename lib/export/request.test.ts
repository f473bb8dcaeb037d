import { describe, expect, it } from "vitest";

import { parseExportRequest } from "./request";
import { crlfRecords } from "./stream";

describe("parseExportRequest", () => {
  it("takes the gallery's query string, a whole gallery URL or the filter as JSON", () => {
    for (const filter of [
      "types=3&effective=pass",
      "http://localhost:3000/edits?types=3&effective=pass&sort=oldest",
      '{"types":[3],"effective":"pass"}',
    ])
      expect(parseExportRequest({ format: "csv", filter })).toEqual({
        ok: true,
        format: "csv",
        filter: { types: [3], effective: "pass" },
        query: "types=3&effective=pass",
        options: {},
      });
  });

  it("names the field of every problem, and lists the known formats", () => {
    expect(parseExportRequest({ format: "xml", filter: "typs=3&overall_min=2" })).toEqual({
      ok: false,
      problems: [
        { param: "format", message: 'must be one of sft, preference, multi-turn, jsonl, csv, parquet, got "xml"' },
        { param: "typs", message: "is not a filter field (see the gallery's URL)" },
      ],
    });
    expect(parseExportRequest({ format: "csv", filter: "overall_min=2" })).toMatchObject({
      ok: false,
      problems: [{ param: "overall_min", message: "must be at most 1" }],
    });
    expect(parseExportRequest({ format: "csv", filter: '{"types": "3"' })).toMatchObject({
      ok: false,
      problems: [{ param: "filter" }],
    });
    expect(parseExportRequest({ filter: "", options: { prefix: "yes" } })).toMatchObject({
      ok: false,
      problems: [{ param: "format" }, { param: "options.prefix", message: "must be true or false" }],
    });
  });
});

describe("crlfRecords", () => {
  it("ends records with CRLF and leaves line breaks inside quoted fields, across chunks", () => {
    const csv = crlfRecords();
    const chunks = ['a,b\n1,"x\ny', '"\n2,"say ""hi""\n', '"\n'].map((text) => Buffer.from(text));
    const out = Buffer.concat(chunks.map((chunk) => csv.transform(chunk))).toString();
    expect(out).toBe('a,b\r\n1,"x\ny"\r\n2,"say ""hi""\n"\r\n');
    expect(csv.records()).toBe(3);
  });
});

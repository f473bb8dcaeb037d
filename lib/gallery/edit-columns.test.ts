import { describe, expect, it } from "vitest";

import type { EditFilter } from "../schemas/edit-filter";

import { EditColumns, answers, type IndexedEdit } from "./edit-columns";

const edit = (id: number, fields: Partial<IndexedEdit> = {}): IndexedEdit => ({
  id,
  taskId: id,
  editTypeId: 1,
  origin: "SFT",
  judgeVerdict: "PASS",
  humanVerdict: null,
  effectiveVerdict: "PASS",
  overall: 0.8,
  compliance: 0.8,
  realism: 0.8,
  preservation: 0.8,
  technical: 0.8,
  signalFlags: null,
  folded: `edit ${id}`,
  ...fields,
});
const ids = (rows: { id: number }[]) => rows.map((row) => row.id);

describe("EditColumns", () => {
  it("keeps id order when an edit arrives out of order, and the zones of the blocks it shifts", () => {
    // Blocks of 2: the late edit moves the low-compliance edit 4 into the next block.
    const columns = new EditColumns([edit(1), edit(2), edit(4, { compliance: 0.1 }), edit(5)], 1);
    columns.put(edit(3));
    expect(ids(columns.page({}, "oldest", undefined, 10))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(columns.page({ compliance: { max: 0.2 } }, "newest", undefined, 10))).toEqual([4]);
    expect(ids(columns.page({ compliance: { max: 0.2 } }, "compliance_asc", undefined, 10))).toEqual([4]);
  });

  it("drops a deleted edit from pages and counts, and takes a changed one as it now is", () => {
    const columns = new EditColumns([edit(1), edit(2), edit(3)], 1);
    columns.remove(2);
    columns.put(edit(3, { judgeVerdict: "FAIL", effectiveVerdict: "FAIL", overall: 0.2 }));
    expect(ids(columns.page({}, "newest", undefined, 10))).toEqual([3, 1]);
    expect(ids(columns.page({ judge: "fail" }, "overall_desc", undefined, 10))).toEqual([3]);
    expect(
      columns
        .cube({})
        .map((row) => [row.judge, row.bin, row.count])
        .sort(),
    ).toEqual([
      ["FAIL", 5, 1],
      ["PASS", 17, 1],
    ]);
  });

  it("pages a score sort after its cursor, the unscored last, as the SQL does", () => {
    const columns = new EditColumns(
      [
        edit(1, { overall: 0.5 }),
        edit(2, { overall: 0.7 }),
        edit(3, { overall: 0.5 }),
        edit(4, { overall: null, judgeVerdict: null, effectiveVerdict: null }),
      ],
      1,
    );
    expect(columns.page({}, "overall_desc", undefined, 10)).toEqual([
      { id: 2, sortKey: 0.7 },
      { id: 3, sortKey: 0.5 },
      { id: 1, sortKey: 0.5 },
      { id: 4, sortKey: null },
    ]);
    expect(ids(columns.page({}, "overall_desc", { key: 0.5, id: 3 }, 10))).toEqual([1, 4]);
    expect(ids(columns.page({}, "overall_asc", { key: 0.5, id: 3 }, 10))).toEqual([2, 4]);
    expect(ids(columns.page({}, "overall_asc", { key: null, id: 4 }, 10))).toEqual([]);
  });

  it("counts score ranges from each block's sorted runs as a test of every edit would, as edits change", () => {
    // A fixed pseudo-random sequence: scores on a coarse grid (so that ties and range ends
    // meet), a fifth unscored, in blocks of 8.
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647) as number;
    const score = () => (random() < 0.2 ? null : Math.round(random() * 20) / 20);
    const row = (id: number) =>
      edit(id, {
        editTypeId: 1 + Math.floor(random() * 3),
        origin: ["SFT", "PREFERENCE_REJECTED", "MULTI_TURN"][Math.floor(random() * 3)] as string,
        overall: score(),
        compliance: score(),
        technical: score(),
      });
    const rows = new Map<number, IndexedEdit>();
    for (let id = 1; id <= 300; id += 1 + Math.floor(random() * 2)) rows.set(id, row(id));
    const columns = new EditColumns([...rows.values()], 3);
    const ranges: EditFilter[] = [
      { compliance: { max: 0.5 } },
      { compliance: { min: 0.25, max: 0.25 } },
      { overall: { min: 0.6, max: 0.7 } },
      { technical: { min: 0.9 }, compliance: { max: 0.7 } },
      { compliance: { min: 0.8, max: 0.2 } },
      { compliance: { max: -1 } },
    ];
    const inRange = (filter: EditFilter, candidate: IndexedEdit) =>
      (["overall", "compliance", "technical"] as const).every((key) => {
        const range = filter[key];
        const value = candidate[key];
        return !range || (value !== null && value >= (range.min ?? -Infinity) && value <= (range.max ?? Infinity));
      });
    const binOf = (overall: number | null) => (overall === null ? null : Math.min(Math.floor(20 * overall) + 1, 20));
    const add = (counts: Map<string, number>, key: string, count: number) =>
      counts.set(key, (counts.get(key) ?? 0) + count);
    const expectCounts = () => {
      for (const filter of ranges) {
        const expected = new Map<string, number>();
        for (const candidate of rows.values())
          if (inRange(filter, candidate))
            add(expected, `${candidate.editTypeId} ${candidate.origin} ${binOf(candidate.overall)}`, 1);
        const found = new Map<string, number>();
        for (const cell of columns.cube(filter))
          add(found, `${cell.type} ${cell.origin} ${cell.bin}`, Number(cell.count));
        expect(found, JSON.stringify(filter)).toEqual(expected);
      }
    };
    expectCounts();
    // Changed scores, deletes and late ids after the runs were sorted.
    for (let step = 0; step < 60; step++) {
      const ids = [...rows.keys()];
      const id = ids[Math.floor(random() * ids.length)] as number;
      if (step % 3 === 0) {
        columns.remove(id);
        rows.delete(id);
      } else if (step % 3 === 1) {
        const changed = row(id);
        columns.put(changed);
        rows.set(id, changed);
      } else {
        const late = 2 * Math.floor(random() * 150) + 2;
        if (!rows.has(late)) {
          const added = row(late);
          columns.put(added);
          rows.set(late, added);
        }
      }
      if (step % 10 === 9) expectCounts();
    }
  });

  it("searches the instructions as they now are, by their words or read in full", () => {
    const columns = new EditColumns(
      [edit(1, { folded: "snow on the roof" }), edit(2, { folded: "a snowy field" }), edit(3, { folded: "sun" })],
      1,
    );
    expect(ids(columns.page({ q: "snow" }, "oldest", undefined, 10))).toEqual([1, 2]);
    // Edit 4 shares edit 1's task: the task's instruction changes for both.
    columns.put(edit(4, { taskId: 1, folded: "rain on the roof" }));
    columns.put(edit(5, { folded: "snow, then sun" }));
    expect(ids(columns.page({ q: "snow" }, "oldest", undefined, 10))).toEqual([2, 5]);
    expect(ids(columns.page({ q: "on the roof" }, "oldest", undefined, 10))).toEqual([1, 4]);
    expect(ids(columns.page({ q: ", " }, "oldest", undefined, 10))).toEqual([5]);
    expect(columns.cube({ q: "sun" }).reduce((sum, row) => sum + Number(row.count), 0)).toBe(2);
  });

  it("answers the filters it can compare exactly, and leaves the rest to PostgreSQL", () => {
    expect(answers({ subsets: ["sft"], compliance: { max: 0.5 }, q: "snow" })).toBe(true);
    expect(answers({ q: "café" })).toBe(false);
    expect(answers({ source: 3 })).toBe(false);
    expect(answers({ disagree: ["a", "b"] })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";

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

  it("answers the filters it can compare exactly, and leaves the rest to PostgreSQL", () => {
    expect(answers({ subsets: ["sft"], compliance: { max: 0.5 }, q: "snow" })).toBe(true);
    expect(answers({ q: "café" })).toBe(false);
    expect(answers({ source: 3 })).toBe(false);
    expect(answers({ disagree: ["a", "b"] })).toBe(false);
  });
});

import type { EditFilter } from "../schemas/edit-filter";
import { SCORE_KEYS, type ScoreKey } from "../scoring/scoring";
import { OVERALL_BIN_COUNT } from "../scoring/overall-bins";
import { FLAG_BITS } from "../signals/flags";
import { CATEGORY_ID_BY_TYPE_ID } from "../taxonomy/taxonomy";
import type { CubeRow } from "../sql/gallery";
import { ORIGINS } from "../sql/edit-filter";
import type { Cursor, Sort } from "../sql/gallery-order";
import { WordIndex } from "./word-index";

// The gallery's columns of every edit, in memory, as typed arrays in id order: what a page's
// ids and a facet cube are computed from without a round trip to PostgreSQL, which stays the
// source of truth (lib/data/edit-index.ts loads and syncs this; the cards are read by id).
//
// Why: a facet count under a criterion range or a text search is a scan PostgreSQL runs row
// by row through its executor (140-260 ms for 257,730 SFT edits on 2 cores), and a filter
// that matches nothing walks an index to its end (42 ms); DuckDB answers both from columns
// in 3-50 ms (docs/performance.md, "Against DuckDB"). Loops over typed arrays do the same
// work here: a criterion-range cube of 634K edits in 1.8-3.5 ms, an empty page in 0.25 ms.
//
// The edits are read in blocks of 1,024 positions, each with a zone map (as DuckDB keeps
// per row group): the origins, verdicts, types and flags it holds and the least and most of
// each score. A block no edit of which can pass the filter is skipped unread: the import
// writes the subsets one after another, so the SFT edits under a criterion range that
// none of them reaches are 250 blocks skipped, not 634K rows tested. A block that may hold
// some is tested column by column, cheapest test first. A text search finds its tasks from
// their instructions' words (lib/gallery/word-index.ts) before any block is read; a needle
// with no word reads only the instructions of edits the other tests kept. Pages evaluate
// blocks as they walk, in their order, and stop when full. A cube of score ranges alone
// (the usual facet cube) reads per block the edits sorted by a score instead, and counts
// only those in range. Scores are the doubles PostgreSQL stores, so ranges compare exactly
// as SQL's do. Zones only widen as edits change (a deleted edit's stays), which keeps them
// safe to skip by.

// What the index holds of one edit: the row lib/data/edit-index.ts reads.
export type IndexedEdit = {
  id: number;
  taskId: number;
  editTypeId: number | null;
  origin: string;
  judgeVerdict: string | null;
  humanVerdict: string | null;
  effectiveVerdict: string | null;
  overall: number | null;
  compliance: number | null;
  realism: number | null;
  preservation: number | null;
  technical: number | null;
  signalFlags: number | null;
  // The task's instruction as TaskSearch folds it (lower case).
  folded: string | null;
};

// 0 marks a deleted edit's slot.
const ORIGIN_CODES = ["", "SFT", "PREFERENCE_CHOSEN", "PREFERENCE_REJECTED", "MULTI_TURN"] as const;
const VERDICT_CODES = [null, "PASS", "FAIL"] as const;
const verdictCode = (verdict: string | null) => (verdict === "PASS" ? 1 : verdict === "FAIL" ? 2 : 0);
const wantedVerdict = (wanted: "pass" | "fail" | "none") => (wanted === "pass" ? 1 : wanted === "fail" ? 2 : 0);

// The filter fields the index answers; a filter with any other (source, sequence, batch,
// disagree) is read from PostgreSQL. A text search is answered when it is ASCII, where
// JavaScript's toLowerCase and PostgreSQL's lower() agree in every locale.
const FIELDS = new Set<string>([
  "categories",
  "types",
  "subsets",
  "judge",
  "human",
  "effective",
  "reviewed",
  "flags",
  "q",
  ...SCORE_KEYS,
]);
export const answers = (filter: EditFilter): boolean =>
  Object.keys(filter).every((field) => FIELDS.has(field)) &&
  (filter.q === undefined || /^[\x20-\x7e]*$/.test(filter.q));

// The bin of an overall score as overallBinSql computes it: width_bucket(x, 0, 1, 20) is
// floor(20 * x) + 1 in the same double arithmetic, and a score of 1 goes in the last bin.
const binOf = (overall: number) => Math.min(Math.floor(OVERALL_BIN_COUNT * overall) + 1, OVERALL_BIN_COUNT);

export type PageRow = { id: number; sortKey: number | null };

const NO_TYPE_BITS = 0xffffffff; // a type past 63: the block may hold any type

// A filter made ready for the columns: the sets and ranges the tests compare with. Every
// field is always present (undefined when the filter lacks it), so that compiled filters
// share one shape.
type Compiled = {
  origins: Uint8Array; // allowed origin codes
  originBits: number;
  types: Uint8Array | undefined; // allowed type ids, when the filter names types or categories
  typeLow: number; // the allowed types as bits, 0-31 and 32-63 (all set past 63)
  typeHigh: number;
  judge: number | undefined;
  human: number | undefined;
  effective: number | undefined;
  reviewed: boolean | undefined;
  ranges: { key: ScoreKey; scores: Float64Array; low: Float64Array; high: Float64Array; min: number; max: number }[];
  flags: { bits: number; unmeasured: boolean; zoneBits: number } | undefined;
  needle: string | undefined;
};

// A score's runs: see EditColumns.runs.
type Runs = { scores: Float64Array; positions: Int32Array; cells: Int32Array; counts: Int32Array };

export class EditColumns {
  size = 0;
  private ids = new Int32Array(0);
  private slots = new Int32Array(0); // the task's slot in texts
  private types = new Int16Array(0); // 0: no edit type
  private origins = new Uint8Array(0);
  private judge = new Uint8Array(0);
  private human = new Uint8Array(0);
  private effective = new Uint8Array(0);
  private bins = new Uint8Array(0); // 0: no overall score
  private flags = new Int8Array(0); // -1: not measured
  // The edit's cell of the facet cube (its type, origin, verdicts, bin and flags), numbered in
  // the order cells were first seen: counting an edit is one increment in an array of a few
  // thousand cells, which stays in cache where one over every combination (1.7M) did not.
  private cells = new Int32Array(0);
  private cellNumbers = new Map<number, number>();
  private cellKeys: number[] = [];
  private scores = Object.fromEntries(SCORE_KEYS.map((key) => [key, new Float64Array(0)])) as Record<
    ScoreKey,
    Float64Array
  >;
  // Zone maps, one entry per block: bits of the codes present, the least and most scores.
  private zoneOrigins = new Uint8Array(0);
  private zoneJudge = new Uint8Array(0);
  private zoneHuman = new Uint8Array(0);
  private zoneEffective = new Uint8Array(0);
  private zoneFlags = new Uint32Array(0);
  private zoneTypeLow = new Uint32Array(0);
  private zoneTypeHigh = new Uint32Array(0);
  private zoneLow = Object.fromEntries(SCORE_KEYS.map((key) => [key, new Float64Array(0)])) as Record<
    ScoreKey,
    Float64Array
  >;
  private zoneHigh = Object.fromEntries(SCORE_KEYS.map((key) => [key, new Float64Array(0)])) as Record<
    ScoreKey,
    Float64Array
  >;
  private maxType = 0;
  private texts: (string | null)[] = [];
  private slotOfTask = new Map<number, number>();
  // The texts' words (lib/gallery/word-index.ts), built on the first search that needs them
  // and again once many texts have changed since.
  private words?: WordIndex;
  // Per score: the positions of scored edits by (score, id), built when a sort first needs
  // it and dropped when an edit's score, or the set of edits, changes.
  private orders = new Map<ScoreKey, Int32Array>();
  // Per score, per block: the block's live scored edits by that score (their scores,
  // positions and cube cells, from the block's start on) and how many there are, -1 while
  // not sorted since the block last changed. Built for a score when a cube of its range
  // first needs it.
  private runs = new Map<ScoreKey, Runs>();
  // The mask of an evaluation, reused: page and cube run to the end without yielding, and a
  // block's part is written whole before it is read, so it needs no clearing. Allocated per
  // request, 634K bytes a time were a GC's work every few requests.
  private scratch = new Uint8Array(0);

  // blockBits: log2 of the block size (tests read small blocks, to have many).
  constructor(
    rows: IndexedEdit[] = [],
    private readonly blockBits = 10,
  ) {
    for (const row of rows) this.put(row);
  }

  private grow(wanted: number) {
    if (wanted <= this.ids.length) return;
    const capacity = Math.max(wanted, Math.ceil(this.ids.length * 1.5), (1 << this.blockBits) * 4);
    const blocks = Math.ceil(capacity / (1 << this.blockBits));
    const resize = <T extends Int32Array | Int16Array | Int8Array | Uint8Array | Uint32Array | Float64Array>(
      array: T,
      length: number,
      fill?: number,
    ): T => {
      const next = new (array.constructor as new (length: number) => T)(length);
      if (fill !== undefined) next.fill(fill);
      next.set(array);
      return next;
    };
    this.runs.clear();
    this.ids = resize(this.ids, capacity);
    this.slots = resize(this.slots, capacity);
    this.types = resize(this.types, capacity);
    this.origins = resize(this.origins, capacity);
    this.judge = resize(this.judge, capacity);
    this.human = resize(this.human, capacity);
    this.effective = resize(this.effective, capacity);
    this.bins = resize(this.bins, capacity);
    this.flags = resize(this.flags, capacity);
    this.cells = resize(this.cells, capacity);
    this.zoneOrigins = resize(this.zoneOrigins, blocks);
    this.zoneJudge = resize(this.zoneJudge, blocks);
    this.zoneHuman = resize(this.zoneHuman, blocks);
    this.zoneEffective = resize(this.zoneEffective, blocks);
    this.zoneFlags = resize(this.zoneFlags, blocks);
    this.zoneTypeLow = resize(this.zoneTypeLow, blocks);
    this.zoneTypeHigh = resize(this.zoneTypeHigh, blocks);
    for (const key of SCORE_KEYS) {
      this.scores[key] = resize(this.scores[key], capacity);
      this.zoneLow[key] = resize(this.zoneLow[key], blocks, Infinity);
      this.zoneHigh[key] = resize(this.zoneHigh[key], blocks, -Infinity);
    }
  }

  // The position of an id, or where it would go (the first position with a greater id).
  private positionOf(id: number): number {
    let low = 0;
    let high = this.size;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.ids[middle] as number) < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private slotFor(taskId: number, folded: string | null): number {
    let slot = this.slotOfTask.get(taskId);
    if (slot === undefined) {
      slot = this.texts.length;
      this.slotOfTask.set(taskId, slot);
      this.texts.push(folded);
    } else if (this.texts[slot] !== folded) {
      this.texts[slot] = folded;
      this.words?.change(slot);
    }
    return slot;
  }

  // Adds an edit, or replaces the one with its id.
  put(row: IndexedEdit) {
    const at = this.positionOf(row.id);
    if (at === this.size || this.ids[at] !== row.id) {
      this.grow(this.size + 1);
      this.size++;
      this.orders.clear();
      // Ids come in ascending order but for edits committed out of order: shift the rest,
      // and with them the zones of every block from here on.
      if (at < this.size - 1) {
        for (const array of this.columns()) array.copyWithin(at + 1, at, this.size - 1);
        this.set(at, row);
        for (let i = at + 1; i < this.size; i++) this.widen(i);
        for (let block = at >> this.blockBits; block << this.blockBits < this.size; block++) this.touch(block);
        return;
      }
    } else {
      for (const key of SCORE_KEYS) if (!sameScore(this.scores[key][at] as number, row[key])) this.orders.delete(key);
    }
    this.set(at, row);
  }

  private set(at: number, row: IndexedEdit) {
    this.ids[at] = row.id;
    this.slots[at] = this.slotFor(row.taskId, row.folded);
    this.types[at] = row.editTypeId ?? 0;
    this.origins[at] = ORIGIN_CODES.indexOf(row.origin as (typeof ORIGIN_CODES)[number]);
    this.judge[at] = verdictCode(row.judgeVerdict);
    this.human[at] = verdictCode(row.humanVerdict);
    this.effective[at] = verdictCode(row.effectiveVerdict);
    this.bins[at] = row.overall === null ? 0 : binOf(row.overall);
    this.flags[at] = row.signalFlags ?? -1;
    for (const key of SCORE_KEYS) this.scores[key][at] = row[key] ?? NaN;
    const key = cellOf(
      this.types[at] as number,
      this.origins[at] as number,
      this.judge[at] as number,
      this.human[at] as number,
      this.effective[at] as number,
      this.bins[at] as number,
      this.flags[at] as number,
    );
    let cell = this.cellNumbers.get(key);
    if (cell === undefined) {
      cell = this.cellKeys.push(key) - 1;
      this.cellNumbers.set(key, cell);
    }
    this.cells[at] = cell;
    this.maxType = Math.max(this.maxType, row.editTypeId ?? 0);
    this.widen(at);
    this.touch(at >> this.blockBits);
  }

  // The zones of a position's block, widened to hold its edit.
  private widen(at: number) {
    const block = at >> this.blockBits;
    const type = this.types[at] as number;
    this.zoneOrigins[block]! |= 1 << (this.origins[at] as number);
    this.zoneJudge[block]! |= 1 << (this.judge[at] as number);
    this.zoneHuman[block]! |= 1 << (this.human[at] as number);
    this.zoneEffective[block]! |= 1 << (this.effective[at] as number);
    this.zoneFlags[block]! |= 1 << ((this.flags[at] as number) + 1);
    if (type >= 64) {
      this.zoneTypeLow[block] = NO_TYPE_BITS;
      this.zoneTypeHigh[block] = NO_TYPE_BITS;
    } else if (type < 32) this.zoneTypeLow[block]! |= 1 << type;
    else this.zoneTypeHigh[block]! |= 1 << (type - 32);
    for (const key of SCORE_KEYS) {
      const score = this.scores[key][at] as number;
      if (Number.isNaN(score)) continue;
      if (score < (this.zoneLow[key][block] as number)) this.zoneLow[key][block] = score;
      if (score > (this.zoneHigh[key][block] as number)) this.zoneHigh[key][block] = score;
    }
  }

  // A block's edits changed: its runs are sorted again when next needed.
  private touch(block: number) {
    for (const { counts } of this.runs.values()) if (block < counts.length) counts[block] = -1;
  }

  // The block's live scored edits by the score: its run in the score's arrays, from the
  // block's start, `count` long.
  private run(key: ScoreKey, block: number): Runs {
    let runs = this.runs.get(key);
    if (!runs) {
      const blocks = Math.ceil(this.ids.length / (1 << this.blockBits));
      runs = {
        scores: new Float64Array(this.ids.length),
        positions: new Int32Array(this.ids.length),
        cells: new Int32Array(this.ids.length),
        counts: new Int32Array(blocks).fill(-1),
      };
      this.runs.set(key, runs);
    }
    if (runs.counts[block] === -1) {
      const start = block << this.blockBits;
      const scores = this.scores[key];
      const end = Math.min(this.size, start + (1 << this.blockBits));
      const live: number[] = [];
      for (let i = start; i < end; i++) if (this.origins[i] !== 0 && !Number.isNaN(scores[i])) live.push(i);
      live.sort((a, b) => (scores[a] as number) - (scores[b] as number));
      for (let k = 0; k < live.length; k++) {
        const i = live[k] as number;
        runs.scores[start + k] = scores[i] as number;
        runs.positions[start + k] = i;
        runs.cells[start + k] = this.cells[i] as number;
      }
      runs.counts[block] = live.length;
    }
    return runs;
  }

  // Marks an edit deleted: its slot stays, so that positions (and sort orders) stand.
  remove(id: number) {
    const at = this.positionOf(id);
    if (this.ids[at] !== id) return;
    this.origins[at] = 0;
    this.touch(at >> this.blockBits);
  }

  private columns() {
    return [
      this.ids,
      this.slots,
      this.types,
      this.origins,
      this.judge,
      this.human,
      this.effective,
      this.bins,
      this.flags,
      this.cells,
      ...SCORE_KEYS.map((key) => this.scores[key]),
    ];
  }

  private compile(filter: EditFilter): Compiled {
    const origins = new Uint8Array(ORIGIN_CODES.length);
    if (filter.subsets?.length) {
      for (const subset of filter.subsets)
        for (const origin of ORIGINS[subset]) origins[ORIGIN_CODES.indexOf(origin)] = 1;
    } else origins.fill(1, 1);
    const typeList = typeSet(filter);
    let types: Uint8Array | undefined;
    let typeLow = NO_TYPE_BITS;
    let typeHigh = NO_TYPE_BITS;
    if (typeList) {
      types = new Uint8Array(Math.max(this.maxType, ...typeList) + 1);
      typeLow = 0;
      typeHigh = 0;
      for (const type of typeList) {
        types[type] = 1;
        if (type >= 64) [typeLow, typeHigh] = [NO_TYPE_BITS, NO_TYPE_BITS];
        else if (type < 32) typeLow |= 1 << type;
        else typeHigh |= 1 << (type - 32);
      }
    }
    const flags = filter.flags?.length
      ? (() => {
          const bits = filter.flags.reduce((sum, flag) => sum | (flag === "unmeasured" ? 0 : FLAG_BITS[flag]), 0);
          const unmeasured = filter.flags.includes("unmeasured");
          // The zone bit of a flags value v is 1 << (v + 1): which values pass.
          let zoneBits = 0;
          for (let value = -1; value < 16; value++)
            if (value === -1 ? unmeasured : (value & bits) !== 0) zoneBits |= 2 ** (value + 1);
          return { bits, unmeasured, zoneBits };
        })()
      : undefined;
    return {
      origins,
      originBits: origins.reduce((bits, allowed, code) => (allowed ? bits | (1 << code) : bits), 0),
      types,
      typeLow,
      typeHigh,
      judge: filter.judge ? wantedVerdict(filter.judge) : undefined,
      human: filter.human ? wantedVerdict(filter.human) : undefined,
      effective: filter.effective ? wantedVerdict(filter.effective) : undefined,
      reviewed: filter.reviewed,
      ranges: SCORE_KEYS.filter((key) => filter[key]).map((key) => ({
        key,
        scores: this.scores[key],
        low: this.zoneLow[key],
        high: this.zoneHigh[key],
        min: filter[key]!.min ?? -Infinity,
        max: filter[key]!.max ?? Infinity,
      })),
      flags,
      needle: filter.q?.toLowerCase(),
    };
  }

  // Builds the texts' word index now, so that the first search does not wait for it (0.9 s
  // for the full release's 549K instructions).
  indexWords() {
    this.wordIndex();
  }

  private wordIndex(): WordIndex {
    if (!this.words || this.words.stale(this.texts)) this.words = new WordIndex(this.texts);
    return this.words;
  }

  // Whether a block may hold an edit the filter keeps, from its zones alone.
  private mayMatch(block: number, c: Compiled): boolean {
    if ((this.zoneOrigins[block]! & c.originBits) === 0) return false;
    if (c.types && (this.zoneTypeLow[block]! & c.typeLow) === 0 && (this.zoneTypeHigh[block]! & c.typeHigh) === 0)
      return false;
    if (c.judge !== undefined && (this.zoneJudge[block]! & (1 << c.judge)) === 0) return false;
    if (c.human !== undefined && (this.zoneHuman[block]! & (1 << c.human)) === 0) return false;
    if (c.effective !== undefined && (this.zoneEffective[block]! & (1 << c.effective)) === 0) return false;
    if (c.reviewed !== undefined && (this.zoneHuman[block]! & (c.reviewed ? 6 : 1)) === 0) return false;
    for (const range of c.ranges)
      if ((range.high[block] as number) < range.min || (range.low[block] as number) > range.max) return false;
    if (c.flags && (this.zoneFlags[block]! & c.flags.zoneBits) === 0) return false;
    return true;
  }

  // The filter over every edit, a block at a time as asked: mask[i] is 1 for an edit it
  // keeps once its block has been read (passes does that first). Valid until the next call.
  private evaluate(c: Compiled) {
    const n = this.size;
    const blocks = Math.ceil(n / (1 << this.blockBits));
    if (this.scratch.length < n) this.scratch = new Uint8Array(this.ids.length);
    const mask = this.scratch;
    const state = new Uint8Array(blocks); // 0 not read, 1 read, 2 skipped
    // A text search: which texts hold the needle, from their words; else (a needle with no
    // word) read as the edits come, 1 when a text holds it, 2 when not.
    const matched = c.needle === undefined ? undefined : this.wordIndex().matches(c.needle, this.texts);
    const known = c.needle === undefined || matched ? undefined : new Uint8Array(this.texts.length);
    const read = (block: number) => {
      if (!this.mayMatch(block, c)) {
        state[block] = 2;
        return;
      }
      state[block] = 1;
      const start = block << this.blockBits;
      const end = Math.min(n, start + (1 << this.blockBits));
      const { origins: allowed, types } = c;
      const origins = this.origins;
      // Each test ands its result into the mask for every edit of the block, kept or not: a
      // branch per edit on whether it is still kept mispredicts often (a range keeping a
      // third of 124K random scores: 0.34 ms against 0.91; the cube of an empty criterion
      // range on the full release, best of 1,500: 1.5 ms against 2.0).
      // The first score range is tested in the pass that reads the origins, the others
      // after the cheaper tests.
      const [first, ...ranges] = c.ranges;
      if (first) {
        const { scores, min, max } = first;
        // NaN (no score) fails both comparisons, as NULL fails them in SQL.
        for (let i = start; i < end; i++) {
          const score = scores[i] as number;
          mask[i] = (allowed[origins[i] as number] as number) & +(score >= min) & +(score <= max);
        }
      } else for (let i = start; i < end; i++) mask[i] = allowed[origins[i] as number] as number;
      if (types) {
        const column = this.types;
        for (let i = start; i < end; i++) mask[i]! &= types[column[i] as number] as number;
      }
      const equal = (column: Uint8Array, value: number | undefined) => {
        if (value === undefined) return;
        for (let i = start; i < end; i++) mask[i]! &= +(column[i] === value);
      };
      equal(this.judge, c.judge);
      equal(this.human, c.human);
      equal(this.effective, c.effective);
      if (c.reviewed !== undefined) {
        const { human } = this;
        const reviewed = c.reviewed;
        for (let i = start; i < end; i++) mask[i]! &= +((human[i] !== 0) === reviewed);
      }
      for (const { scores, min, max } of ranges) {
        for (let i = start; i < end; i++) {
          const score = scores[i] as number;
          mask[i]! &= +(score >= min) & +(score <= max);
        }
      }
      if (c.flags) {
        const { bits, unmeasured } = c.flags;
        const column = this.flags;
        for (let i = start; i < end; i++) {
          if (mask[i] !== 1) continue;
          const value = column[i] as number;
          if (value === -1 ? !unmeasured : (value & bits) === 0) mask[i] = 0;
        }
      }
      if (matched) {
        const { slots } = this;
        for (let i = start; i < end; i++) mask[i]! &= matched[slots[i] as number] as number;
      }
      if (known) {
        // Each task's instruction is read once, and only for edits the other tests kept.
        const { texts, slots } = this;
        const needle = c.needle as string;
        for (let i = start; i < end; i++) {
          if (mask[i] !== 1) continue;
          const slot = slots[i] as number;
          if (known[slot] === 0) known[slot] = texts[slot]?.includes(needle) ? 1 : 2;
          if (known[slot] === 2) mask[i] = 0;
        }
      }
    };
    return {
      mask,
      blocks,
      // Reads the block if it has not been; whether it may hold kept edits.
      block: (block: number) => {
        if (state[block] === 0) read(block);
        return state[block] === 1;
      },
      passes: (i: number) => {
        const block = i >> this.blockBits;
        if (state[block] === 0) read(block);
        return state[block] === 1 && mask[i] === 1;
      },
    };
  }

  // The edits the filter keeps counted by every facet column: the rows of the SQL cube
  // (lib/sql/gallery.ts cubeQuery) over the same edits.
  cube(filter: EditFilter): CubeRow[] {
    const compiled = this.compile(filter);
    const counts = new Uint32Array(this.cellKeys.length);
    if (rangesOnly(compiled)) this.countRanges(compiled, counts);
    else {
      const evaluation = this.evaluate(compiled);
      const { mask } = evaluation;
      const { cells } = this;
      for (let block = 0; block < evaluation.blocks; block++) {
        if (!evaluation.block(block)) continue;
        const end = Math.min(this.size, (block + 1) << this.blockBits);
        for (let i = block << this.blockBits; i < end; i++) counts[cells[i] as number]! += mask[i] as number;
      }
    }
    const rows: CubeRow[] = [];
    counts.forEach((count, cell) => {
      if (count === 0) return;
      let rest = this.cellKeys[cell] as number;
      const take = (dim: number) => {
        const value = rest % dim;
        rest = (rest - value) / dim;
        return value;
      };
      const flagBits = take(17) - 1;
      const bin = take(OVERALL_BIN_COUNT + 1);
      const effectiveCode = take(3);
      const humanCode = take(3);
      const judgeCode = take(3);
      const origin = take(5);
      const type = rest;
      rows.push({
        type: type === 0 ? null : type,
        origin: ORIGIN_CODES[origin] as string,
        judge: VERDICT_CODES[judgeCode] ?? null,
        human: VERDICT_CODES[humanCode] ?? null,
        effective: VERDICT_CODES[effectiveCode] ?? null,
        bin: bin === 0 ? null : bin,
        flags: flagBits === -1 ? null : flagBits,
        count,
      });
    });
    return rows;
  }

  // A cube of score ranges and nothing else (a facet cube's usual filter): in each block the
  // zones keep, the edits in the range whose run of the block's sorted scores is shortest,
  // found by binary search, tested against the other ranges and counted by the cells kept
  // beside the run, read in a line. On the full release (best of 1,500): the cube of
  // compliance <= 0.5 counts its 42,862 edits where the scan tested the 124K of the blocks
  // the zones kept, 0.36 ms against 1.5; compliance <= 0.6 0.60 against 4.3; technical >=
  // 0.9 + preservation <= 0.7 3.3 against 6.0. A score's runs take 16 bytes per slot (13 MB
  // for the full release), built on the first cube that needs them.
  private countRanges(c: Compiled, counts: Uint32Array) {
    const { ranges } = c;
    const blocks = Math.ceil(this.size / (1 << this.blockBits));
    for (let block = 0; block < blocks; block++) {
      if (!this.mayMatch(block, c)) continue;
      const start = block << this.blockBits;
      let chosen = 0;
      let from = 0;
      let to = 0;
      let runs: Runs | undefined;
      for (let r = 0; r < ranges.length; r++) {
        const { key, min, max } = ranges[r] as Compiled["ranges"][number];
        const run = this.run(key, block);
        const end = start + (run.counts[block] as number);
        const low = firstAtLeast(run.scores, start, end, min, false);
        const high = firstAtLeast(run.scores, low, end, max, true);
        if (r === 0 || high - low < to - from) [chosen, from, to, runs] = [r, low, high, run];
      }
      const { positions, cells } = runs as Runs;
      if (ranges.length === 1) {
        for (let k = from; k < to; k++) counts[cells[k] as number]!++;
        continue;
      }
      for (let k = from; k < to; k++) {
        const i = positions[k] as number;
        let kept = true;
        for (let r = 0; r < ranges.length && kept; r++) {
          if (r === chosen) continue;
          const { scores, min, max } = ranges[r] as Compiled["ranges"][number];
          const score = scores[i] as number;
          kept = score >= min && score <= max;
        }
        if (kept) counts[cells[k] as number]!++;
      }
    }
  }

  // One page of the filter's edits in a sort (not random: its hash is PostgreSQL's), after
  // the cursor: the ids and sort keys the SQL of viewIdsQuery returns, in its order.
  page(filter: EditFilter, sort: Exclude<Sort, "random">, cursor: Cursor | undefined, limit: number): PageRow[] {
    const evaluation = this.evaluate(this.compile(filter));
    const rows: PageRow[] = [];
    const ids = this.ids;
    if (sort === "newest" || sort === "oldest") {
      this.walkIds(evaluation, sort === "newest", cursor?.id, limit, rows);
      return rows;
    }
    const [key, direction] = sort.split("_") as [ScoreKey, "asc" | "desc"];
    const scores = this.scores[key];
    const descending = direction === "desc";
    // The scored edits first, by (score, id) in the sort's direction, then the unscored by id.
    if (!cursor || cursor.key !== null) {
      const order = this.order(key);
      // Ascending: the first entry after the cursor's (score, id); descending: the last before it.
      const afterCursor = (at: number) => {
        const score = scores[at] as number;
        return score > cursor!.key! || (score === cursor!.key && (ids[at] as number) > cursor!.id);
      };
      const atOrAfterCursor = (at: number) => afterCursor(at) || (scores[at] === cursor!.key && ids[at] === cursor!.id);
      let index: number;
      if (!cursor) index = descending ? order.length - 1 : 0;
      else index = descending ? firstIndex(order, atOrAfterCursor) - 1 : firstIndex(order, afterCursor);
      const step = descending ? -1 : 1;
      for (; index >= 0 && index < order.length && rows.length < limit; index += step) {
        const at = order[index] as number;
        if (evaluation.passes(at)) rows.push({ id: ids[at] as number, sortKey: scores[at] as number });
      }
      if (rows.length >= limit) return rows;
    }
    this.walkIds(evaluation, descending, cursor?.key === null ? cursor.id : undefined, limit, rows, (i) =>
      Number.isNaN(scores[i]),
    );
    return rows;
  }

  // Edits in id order after an id (or from the first or last), skipping blocks the filter
  // cannot keep, until the page is full.
  private walkIds(
    evaluation: ReturnType<EditColumns["evaluate"]>,
    descending: boolean,
    after: number | undefined,
    limit: number,
    rows: PageRow[],
    also: (i: number) => boolean = () => true,
  ) {
    const { ids } = this;
    const { mask } = evaluation;
    if (descending) {
      let i = after === undefined ? this.size - 1 : this.positionOf(after) - 1;
      while (i >= 0 && rows.length < limit) {
        const block = i >> this.blockBits;
        const start = block << this.blockBits;
        if (evaluation.block(block))
          for (; i >= start && rows.length < limit; i--)
            if (mask[i] === 1 && also(i)) rows.push({ id: ids[i] as number, sortKey: null });
        i = Math.min(i, start - 1);
      }
    } else {
      let i = after === undefined ? 0 : this.positionOf(after + 1);
      while (i < this.size && rows.length < limit) {
        const block = i >> this.blockBits;
        const end = Math.min(this.size, (block + 1) << this.blockBits);
        if (evaluation.block(block))
          for (; i < end && rows.length < limit; i++)
            if (mask[i] === 1 && also(i)) rows.push({ id: ids[i] as number, sortKey: null });
        i = Math.max(i, end);
      }
    }
  }

  private order(key: ScoreKey): Int32Array {
    let order = this.orders.get(key);
    if (order) return order;
    const scores = this.scores[key];
    const scored: number[] = [];
    for (let i = 0; i < this.size; i++) if (!Number.isNaN(scores[i])) scored.push(i);
    // Positions ascend with ids, so a tie on the score is broken by position.
    order = Int32Array.from(scored).sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
    this.orders.set(key, order);
    return order;
  }
}
// The cell of the facet cube of an edit's codes; cube() reads them back in the same order.
const cellOf = (
  type: number,
  origin: number,
  judge: number,
  human: number,
  effective: number,
  bin: number,
  flags: number,
) =>
  (((((type * 5 + origin) * 3 + judge) * 3 + human) * 3 + effective) * (OVERALL_BIN_COUNT + 1) + bin) * 17 + flags + 1;

// The first index of a sorted order whose entry passes a test that entries pass from some index on.
function firstIndex(order: Int32Array, test: (position: number) => boolean): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(order[middle] as number)) high = middle;
    else low = middle + 1;
  }
  return low;
}

const sameScore = (stored: number, value: number | null) => (value === null ? Number.isNaN(stored) : stored === value);

// The edit types a filter's types and categories both allow, or undefined when it names neither.
function typeSet(filter: EditFilter): number[] | undefined {
  const ofCategories = filter.categories?.length
    ? [...CATEGORY_ID_BY_TYPE_ID].filter(([, category]) => filter.categories!.includes(category)).map(([type]) => type)
    : undefined;
  if (!filter.types?.length) return ofCategories;
  return ofCategories ? filter.types.filter((type) => ofCategories.includes(type)) : filter.types;
}

// The first index in [from, to) of an ascending array whose value is at least `value`
// (after: greater than it); `to` when none is.
function firstAtLeast(sorted: Float64Array, from: number, to: number, value: number, after: boolean): number {
  let low = from;
  let high = to;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const at = sorted[middle] as number;
    if (after ? at > value : at >= value) high = middle;
    else low = middle + 1;
  }
  return low;
}

// Whether a compiled filter is score ranges and nothing else, over every origin.
const rangesOnly = (c: Compiled) =>
  c.ranges.length > 0 &&
  c.origins.every((allowed, code) => code === 0 || allowed === 1) &&
  c.types === undefined &&
  c.judge === undefined &&
  c.human === undefined &&
  c.effective === undefined &&
  c.reviewed === undefined &&
  c.flags === undefined &&
  c.needle === undefined;

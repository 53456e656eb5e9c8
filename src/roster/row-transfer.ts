import type { ContraceptionKind, Person, Role, Sex } from "../domain/person.js";
import type { RawCell } from "../input/cell.js";
import type { TransformSetup } from "../input/read-table.js";
import type { Problem } from "./problem.js";
import { Interner, validateRow, type ColumnMap, type RowResult } from "./validate-row.js";

// The roster's row checks (validateRow) as the CSV reading worker runs them for the batches the
// main thread hands it (csv-reading.ts ReaderControl): each row's result travels as a flat array,
// the texts that repeat row after row (乡镇, 村, 户编号, 开户银行 …) once each and then by number,
// and is rebuilt here into the very RowResult validateRow would have given. A flat array is copied
// between threads far more cheaply than a row's cells or an object with named fields.

/** What the transform needs besides the header: TableSpec.transform.options of the roster. */
export interface RowCheckOptions {
  readonly year: number;
  readonly keepCells: boolean;
}

/** This module's URL, for TableSpec.transform: the worker imports it. */
export const ROW_CHECKS_MODULE = import.meta.url;

const SEXES: readonly Sex[] = ["男", "女"];
const ROLES: readonly Role[] = ["夫", "妻", "子女"];
const KINDS: readonly ContraceptionKind[] = ["", "结扎", "上环", "其他"];

/** Texts by number, both ways: a text is sent as itself the first time, then as its number. */
class Dictionary {
  private readonly codes = new Map<string, number>();
  private readonly last: Array<string | undefined> = [];
  private readonly lastCode: number[] = [];

  /** `slot`: the field (its last text is tried first, as consecutive rows mostly repeat it). */
  encode(text: string, slot: number): string | number {
    if (this.last[slot] === text) return this.lastCode[slot] as number;
    let code = this.codes.get(text);
    const first = code === undefined;
    if (code === undefined) {
      code = this.codes.size;
      this.codes.set(text, code);
    }
    this.last[slot] = text;
    this.lastCode[slot] = code;
    return first ? text : code;
  }
}

function encodeRowResult(r: RowResult, d: Dictionary): unknown[] {
  const p = r.person;
  return [
    p.row, d.encode(p.township, 0), d.encode(p.village, 1), d.encode(p.householdId, 2), p.name, p.id, p.birth,
    SEXES.indexOf(p.sex), ROLES.indexOf(p.role), p.adopted, p.rural, p.deathDate, p.disabilityGrade, p.disabilityDate,
    p.complicationGrade, p.contraceptionDate, KINDS.indexOf(p.contraceptionKind), p.honorCertDate, p.waiverDate,
    p.illegalBirth, p.dibao, p.pensionInsured, p.careHome, d.encode(p.stage, 3), p.enrollYear, p.zhongkaoYear,
    p.excellent, p.hardship, p.payeeFlag, d.encode(p.bank, 4), p.account, p.phone, d.encode(p.regionCode, 5), p.cells,
    r.hasError, r.setAside, r.problems.length > 0 ? r.problems : 0, r.monthOnly.length > 0 ? r.monthOnly : 0,
  ];
}

/** TableSpec.transform's `prepare`: validateRow for each record, its result flattened. */
export function prepare(setup: unknown): (cells: readonly RawCell[], row: number) => unknown {
  const { index, extra, date1904, options } = setup as TransformSetup;
  const { year, keepCells } = options as RowCheckOptions;
  const map: ColumnMap = { index: index as ColumnMap["index"], extra, date1904 };
  // the worker's cells are cut from its decoded chunks: what it keeps must not hold them
  const strings = new Interner(true);
  const dictionary = new Dictionary();
  return (cells, row) => encodeRowResult(validateRow(cells, row, map, year, keepCells, strings), dictionary);
}

/**
 * Rebuilds the worker's flattened results, in the order it made them (its texts are numbered in
 * that order). The person's fields are listed in validateRow's order, so both make one shape.
 */
export function rowResultDecoder(): (value: unknown) => RowResult {
  const texts: string[] = [];
  const text = (v: unknown): string => {
    if (typeof v !== "string") return texts[v as number] as string;
    texts.push(v);
    return v;
  };
  return (value) => {
    const v = value as unknown[];
    const person: Person = {
      row: v[0] as number, township: text(v[1]), village: text(v[2]), householdId: text(v[3]),
      name: v[4] as string, id: v[5] as Person["id"], birth: v[6] as number,
      sex: SEXES[v[7] as number] as Sex, role: ROLES[v[8] as number] as Role,
      adopted: v[9] as boolean, rural: v[10] as boolean | undefined, deathDate: v[11] as number,
      disabilityGrade: v[12] as number, disabilityDate: v[13] as number, complicationGrade: v[14] as number,
      contraceptionDate: v[15] as number, contraceptionKind: KINDS[v[16] as number] as ContraceptionKind,
      honorCertDate: v[17] as number, waiverDate: v[18] as number,
      illegalBirth: v[19] as boolean, dibao: v[20] as boolean, pensionInsured: v[21] as boolean, careHome: v[22] as boolean,
      stage: text(v[23]), enrollYear: v[24] as number, zhongkaoYear: v[25] as number,
      excellent: v[26] as boolean, hardship: v[27] as boolean,
      payeeFlag: v[28] as boolean, bank: text(v[29]), account: v[30] as string,
      phone: v[31] as string,
      regionCode: text(v[32]),
      cells: v[33] as Person["cells"],
    };
    return { person, problems: v[36] === 0 ? [] : (v[36] as Problem[]), hasError: v[34] as boolean, setAside: v[35] as boolean, monthOnly: v[37] === 0 ? [] : (v[37] as string[]) };
  };
}

// @ts-check
import tseslint from "typescript-eslint";

// exceljs is loaded only through src/input/exceljs.ts, which first puts a fixed XML reader in the
// require cache (exceljs 4.4.0 split Chinese characters at 64 KiB chunk boundaries). Type imports are fine.
const EXCELJS = { group: ["exceljs", "exceljs/*"], allowTypeImports: true, message: "import exceljs through src/input/exceljs.js: it must fix exceljs's UTF-8 decoding before exceljs first loads." };

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "out/**", "bench-out/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "test/**/*.ts", "scripts/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The core is pure: no files, console, clock or spreadsheet libraries (STYLE.md point 1).
    files: ["src/domain/**/*.ts", "src/policy/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["node:fs", "node:fs/*", "fs", "fs/*", "node:child_process", "node:worker_threads"], message: "src/domain and src/policy are pure: read and write files at the edges." },
          { group: ["exceljs", "csv-parse", "csv-parse/*", "@e965/xlsx", "csv-stringify", "csv-stringify/*", "chalk", "commander"], message: "I/O libraries belong in src/input, src/outputs or src/cli." },
          { group: ["../roster/*", "../outputs/*", "../cli/*", "../input/*", "../years/*", "../reconcile/*", "../xlsx/*", "../run.js"], message: "the core must not depend on the edges." },
        ],
      }],
      "no-restricted-globals": ["error", { name: "console", message: "the core prints nothing" }],
      "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "no clock in the core: pass the date in" }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "no clock in the core" }],
    },
  },
  {
    // One way in (DESIGN §10, §11.1): only src/input parses tables; csv-parse and the workbook
    // readers are imported there alone, and whatever else reads a file goes through it.
    files: ["src/**/*.ts"],
    ignores: ["src/input/**", "src/domain/**", "src/policy/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["csv-parse", "csv-parse/*", "@e965/xlsx"], message: "tables are read through src/input (openTable / readTable)." }, EXCELJS],
      }],
      "no-restricted-syntax": ["error",
        { selector: "MemberExpression[property.name='WorkbookReader']", message: "workbooks are read through src/input." },
        { selector: "MemberExpression[object.property.name='xlsx'][property.name=/^(readFile|load|read)$/]", message: "workbooks are read through src/input." },
      ],
    },
  },
  {
    // Floors run one way: input/ knows nothing of the roster or what is made of it.
    files: ["src/input/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["../roster/*", "../outputs/*", "../years/*", "../reconcile/*", "../cli/*", "../run.js"], message: "src/input is the lowest floor of the edges: it imports only domain/ and xlsx/ plumbing." }, EXCELJS],
      }],
    },
  },
  {
    // The workbook plumbing serves every writer and imports none of them.
    files: ["src/xlsx/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ group: ["../outputs/*", "../outputs/**", "../roster/*", "../years/*", "../reconcile/*", "../cli/*", "../run.js"], message: "src/xlsx is plumbing shared by the writers: it imports none of them." }, EXCELJS],
      }],
    },
  },
  {
    // Tests and scripts too: one direct import loaded first would leave the unfixed reader in place.
    files: ["test/**/*.ts", "scripts/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [EXCELJS] }] },
  },
);

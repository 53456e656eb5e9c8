// @ts-check
import tseslint from "typescript-eslint";

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
          { group: ["exceljs", "csv-parse", "csv-parse/*", "csv-stringify", "csv-stringify/*", "chalk", "commander"], message: "I/O libraries belong in src/roster, src/outputs or src/cli." },
          { group: ["../roster/*", "../outputs/*", "../cli/*", "../run.js"], message: "the core must not depend on the edges." },
        ],
      }],
      "no-restricted-globals": ["error", { name: "console", message: "the core prints nothing" }],
      "no-restricted-syntax": ["error", { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "no clock in the core: pass the date in" }, { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "no clock in the core" }],
    },
  },
);

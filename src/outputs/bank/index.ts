// Bank disbursement files (银行代发): templates from the policy, a pure plan, a writer and a re-reader.
export { parseBankTemplates, policyBankTemplates, type PayViaUse } from "./parse-templates.js";
export {
  DEFAULT_BANK_TEMPLATE, DEFAULT_BANK_TEMPLATES, templateForBank, formatAmount, parseAmount,
  type BankTemplate, type BankTemplates, type BankTemplateIssue, type BankTemplatesResult, type BankField, type BankColumn,
} from "./templates.js";
export { planBankFiles, bankRowRule, bankFileName, bankFileDate, BANK_DIR, type BankFileOptions, type BankFilePlan, type BankProblem } from "./plan.js";
export { writeBankFiles, formatProblems, type BankWrittenFile } from "./write-bank-files.js";
export { readBankFileTotals, type BankFileTotals } from "./read-bank-file.js";

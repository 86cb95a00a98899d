import type { DiagnosticTool } from './tool';
import { campusTransferTool } from './tools/campus-transfer/tool';
import { dataQualityReportTool } from './tools/data-quality-report/tool';
import { missingDataTool } from './tools/missing-data/tool';
import { parentEmailConflictsTool } from './tools/parent-email-conflicts/tool';
import { studentMismatchTool } from './tools/student-mismatch/tool';
import { studentSearchTool } from './tools/student-search/tool';

/**
 * Every diagnostic tool, in the order the web app lists them. Adding a tool folder here is
 * all it takes to expose it as a mutation (named `tool.name`, input `tool.inputTypeName`)
 * and in the `tools` query.
 */
export const DIAGNOSTIC_TOOLS: readonly DiagnosticTool[] = [
  studentSearchTool,
  studentMismatchTool,
  missingDataTool,
  parentEmailConflictsTool,
  campusTransferTool,
  dataQualityReportTool,
];

export function toolByName(name: string): DiagnosticTool | undefined {
  return DIAGNOSTIC_TOOLS.find((tool) => tool.name === name);
}

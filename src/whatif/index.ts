// What-if: pure edits of the model (DESIGN.md §5: whatif/ sits between model/ and graph/).
export { applyChanges } from './apply.ts';
export type { ApplyOptions } from './apply.ts';
export { changeFileFrom, parseChangeFile, parseOperation, serializeChanges } from './change-file.ts';
export { OPERATION_NAMES } from './operations.ts';
export type * from './operations.ts';
export { WhatIfError } from './what-if-error.ts';

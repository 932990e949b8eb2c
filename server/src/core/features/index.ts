/** Editor features over the cached analysis: one file each, re-exported here for hosts and tests. */
export * from './types';
export * from './codeActions';
export * from './hover';
export * from './inlayHints';
export * from './codeLens';
export * from './completion';
export * from './symbols';
export * from './status';
export * from './formatting';
export { minimalEdits, type OffsetEdit } from './textDiff';
export * from './folding';
export * from './selectionRanges';
export * from './highlights';
export * from './links';
export * from './workspaceSymbols';

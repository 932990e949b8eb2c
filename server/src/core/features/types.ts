/**
 * Shapes that features return. Features take the service and a file path and read the cached
 * analysis (never re-parse); they speak LSP *types* but paths instead of URIs — the server maps
 * paths to URIs at the boundary.
 */
import type { TextEdit } from 'vscode-languageserver-types';
import type { OffsetRange } from '../types';

/** Edits to one file, optionally guarded by the version they were computed for. */
export interface FileEdit {
  path: string;
  /** Document version the edits apply to (open documents); undefined for files on disk. */
  version?: number;
  edits: TextEdit[];
}

/** A change across files: creations first, then edits. */
export interface PathWorkspaceEdit {
  create?: { path: string; text: string }[];
  edits: FileEdit[];
}

export interface PathLocation {
  path: string;
  range: OffsetRange;
}

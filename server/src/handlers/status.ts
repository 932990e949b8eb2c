/** The status-bar line for a plan (scaleplan/status): the core computes it, this sends it. */
import { statusLine } from '../core/features';
import { StatusNotification, type StatusParams } from '../protocol';
import type { ServerContext } from './context';

export function sendStatus(ctx: ServerContext, uri: string, path: string): void {
  const line = statusLine(ctx.service, path, new Date());
  const params: StatusParams = line
    ? { uri, text: `$(pulse) ${line.text}`, tooltip: line.tooltip, overCommitted: line.overCommitted }
    : { uri, text: null };
  void ctx.connection.sendNotification(StatusNotification.method, params);
}

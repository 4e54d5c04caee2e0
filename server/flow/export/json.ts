// The JSON export: the flow model itself (the contract in ../types.ts), limited to the selected tunnels;
// PPP rows only with --data, as in every other view.

import { visibleRows } from '../ladder';
import type { FlowModel, FlowTunnel } from '../types';

export function toJson(model: FlowModel, tunnels: readonly FlowTunnel[], data: boolean): string {
  const out: FlowModel = { ...model, tunnels: tunnels.map((t) => ({ ...t, rows: visibleRows(t.rows, data) })) };
  return JSON.stringify(out, null, 1) + '\n';
}

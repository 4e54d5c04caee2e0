// Each byte's role in a decoded frame (the deepest field over it decides), for semantic tokens and the
// capture view's byte pane.

import { fieldByAbbrev } from '../../dissect/fields';
import type { DecodedFrame, TreeNode } from '../../dissect/tree';
import type { ByteRoleName } from '../../protocol';
import { ROLE_NAMES, roleOf } from '../roles';

/** Role index + 1 per byte of data source `source` (0 = no role). */
export function byteRoles(f: DecodedFrame, source = 0): Uint8Array {
  const len = f.sources[source]?.bytes.length ?? 0;
  const roles = new Uint8Array(len);
  const header = ROLE_NAMES.indexOf('header') + 1;
  const visit = (nodes: readonly TreeNode[], parentRole: number): void => {
    for (const n of nodes) {
      let r = parentRole;
      if ((n.source ?? 0) === source && n.abbrev && n.length > 0 && !n.generated) {
        // A bit field inside a field that already has a specific role (an address's LG bit) keeps that role.
        const masked = fieldByAbbrev(n.abbrev)?.mask !== undefined;
        if (!masked || parentRole === 0 || parentRole === header) {
          r = ROLE_NAMES.indexOf(roleOf(n.abbrev)) + 1;
          roles.fill(r, Math.max(0, n.offset), Math.min(len, n.offset + n.length));
        }
      }
      if (n.children) visit(n.children, n.abbrev && fieldByAbbrev(n.abbrev)?.type === 'protocol' ? header : r);
    }
  };
  // Frame first (it spans everything), then the layers over it.
  visit(f.layers.filter((n) => n.abbrev === 'frame'), 0);
  visit(f.layers.filter((n) => n.abbrev !== 'frame'), 0);
  return roles;
}

/** Runs of one role. */
export function roleRuns(roles: Uint8Array): { offset: number; length: number; role: ByteRoleName }[] {
  const out: { offset: number; length: number; role: ByteRoleName }[] = [];
  let i = 0;
  while (i < roles.length) {
    const r = roles[i] ?? 0;
    let j = i + 1;
    while (j < roles.length && roles[j] === r) j++;
    const name = ROLE_NAMES[r - 1];
    if (r > 0 && name) out.push({ offset: i, length: j - i, role: name });
    i = j;
  }
  return out;
}

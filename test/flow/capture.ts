// Runs the flow pass over a fixture capture the way the CLI does (index pass, then the flow pass with a
// sequential re-read of the frames).

import { join } from 'node:path';
import { Capture } from '../../server/dissect/capture/capture';
import { Engine } from '../../server/dissect/engine';
import { buildFlow } from '../../server/flow/flow';
import type { FlowModel } from '../../server/flow/types';
import { openInput } from '../../server/io/input';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

export function flowOf(rel: string, secrets: string[] = []): FlowModel {
  const opened = openInput(join(FIXTURES, rel));
  if ('error' in opened) throw new Error(opened.error);
  try {
    const capture = Capture.open(opened.reader, new Engine(secrets.length ? { secrets } : {}));
    return buildFlow(capture, { file: rel });
  } finally {
    opened.source.close();
  }
}

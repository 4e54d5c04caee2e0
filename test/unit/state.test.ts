// CaptureState timelines: per-frame facts of bulk traffic stored once per change, read back by frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureState } from '../../server/dissect/packet';

test('setFrom stores a value only when it changes; valueAt finds the value holding at a frame', () => {
  const s = new CaptureState();
  const same = (a: unknown, b: unknown) => a === b;
  for (let f = 1; f <= 1000; f++) s.setFrom('k', f, f < 500 ? 'a' : 'b', same);
  assert.equal(s.valueAt('k', 0), undefined);
  assert.equal(s.valueAt('k', 1), 'a');
  assert.equal(s.valueAt('k', 499), 'a');
  assert.equal(s.valueAt('k', 500), 'b');
  assert.equal(s.valueAt('k', 100000), 'b');
  assert.equal(s.valueAt('other', 5), undefined);
});

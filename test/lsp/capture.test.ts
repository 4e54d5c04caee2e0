// The custom capture requests over stdio: open (first page), paging, frame detail with byte ranges, bytes
// with roles, field explanations, display filter, problems, flows, errors for bad ids and paths.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CaptureFramesResult, FilterFramesResult, FrameBytesResult, FrameDetail, OpenCaptureResult, CaptureProblemsResult, ExplainFieldResult, FlowsResult } from '../../server/protocol';
import { fixtures, startServer } from './client';
import type { Lsp } from './client';
import { readFrames } from '../helpers/frames';

const rel = 'test/fixtures/generated/xl2tpd_a_tunnel_session_hello.pcap';


describe('capture requests', () => {
  let lsp: Lsp;
  let open: OpenCaptureResult;
  before(async () => {
    lsp = await startServer();
    open = await lsp.request<OpenCaptureResult>('l2tpLens/openCapture', { path: rel, pageSize: 5 });
  });
  after(async () => { await lsp.close(); });

  test('open: frame count, format and the first page', () => {
    assert.equal(open.format, 'pcap');
    assert.equal(open.frameCount, 23);
    assert.deepEqual(open.linkTypes, [1]);
    assert.equal(open.firstPage.length, 5);
    assert.deepEqual(open.firstPage.map((r) => r.number), [1, 2, 3, 4, 5]);
    const r = open.firstPage[0];
    assert.ok(r && r.time === '0.000000' && r.length > 0 && typeof r.info === 'string');
  });

  test('paging past the end', async () => {
    const p = await lsp.request<CaptureFramesResult>('l2tpLens/captureFrames', { captureId: open.captureId, start: 20, count: 10 });
    assert.equal(p.total, 23);
    assert.deepEqual(p.frames.map((r) => r.number), [21, 22, 23]);
  });

  test('frame detail: the tree with byte ranges; bytes as in the file', async () => {
    const d = await lsp.request<FrameDetail>('l2tpLens/frameDetail', { captureId: open.captureId, frame: 1 });
    assert.equal(d.number, 1);
    assert.equal(d.tree[0]?.abbrev, 'frame');
    const eth = d.tree[1];
    assert.equal(eth?.abbrev, 'eth');
    assert.deepEqual([eth?.offset, eth?.length], [0, 14]);
    assert.ok(eth?.children?.some((c) => c.abbrev === 'eth.dst' && c.offset === 0 && c.length === 6 && c.role === 'address'));
    assert.match(d.protocols, /^frame:eth/);
    const b = await lsp.request<FrameBytesResult>('l2tpLens/frameBytes', { captureId: open.captureId, frame: 1 });
    assert.equal(b.hex, Buffer.from(readFrames(join(fixtures, 'generated', 'xl2tpd_a_tunnel_session_hello.pcap'))[0]!.bytes).toString('hex'));
    assert.equal(b.length, b.hex.length / 2);
    assert.deepEqual(b.roles[0], { offset: 0, length: 12, role: 'address' });
    const ex = await lsp.request<ExplainFieldResult>('l2tpLens/explainField', { captureId: open.captureId, frame: 1, path: [1, 0] });
    assert.match(ex.markdown, /^\*\*Ethernet › Destination\*\*/);
    assert.match(ex.markdown, /Bytes 0–5/);
  });

  test('display filter: matches a page at a time; errors are reported, not thrown', async () => {
    const f = await lsp.request<FilterFramesResult>('l2tpLens/filterFrames', { captureId: open.captureId, filter: 'frame.number <= 3', count: 2 });
    assert.ok(f.ok);
    assert.equal(f.total, 3);
    assert.deepEqual(f.frames.map((r) => r.number), [1, 2]);
    const all = await lsp.request<FilterFramesResult>('l2tpLens/filterFrames', { captureId: open.captureId, filter: 'eth', start: 20 });
    assert.ok(all.ok && all.total === 23 && all.frames.length === 3);
    const bad = await lsp.request<FilterFramesResult>('l2tpLens/filterFrames', { captureId: open.captureId, filter: 'frame.number ==' });
    assert.equal(bad.ok, false);
  });

  test('problems and flows', async () => {
    const p = await lsp.request<CaptureProblemsResult>('l2tpLens/captureProblems', { captureId: open.captureId });
    assert.equal(p.total, p.problems.length);
    const fl = await lsp.request<FlowsResult>('l2tpLens/captureFlows', { captureId: open.captureId });
    assert.equal((fl.model as { format: string }).format, 'l2tp-lens.flow');
  });

  test('pcapng variant and a truncated capture open too', async () => {
    const ng = await lsp.request<OpenCaptureResult>('l2tpLens/openCapture', { path: join(fixtures, 'variants', 'jnetpcap-legacy__test-l2tp.pcapng') });
    assert.equal(ng.format, 'pcapng');
    const pc = await lsp.request<OpenCaptureResult>('l2tpLens/openCapture', { path: join(fixtures, 'public', 'jnetpcap-legacy__test-l2tp.pcap') });
    assert.equal(ng.frameCount, pc.frameCount);
    const cut = await lsp.request<OpenCaptureResult>('l2tpLens/openCapture', { path: join(fixtures, 'generated', 'truncated_file_cut_mid_record.pcap') });
    assert.ok(cut.problems.length >= 1, 'the cut record is reported');
    await lsp.request('l2tpLens/closeCapture', { captureId: ng.captureId });
    await assert.rejects(lsp.request('l2tpLens/captureFrames', { captureId: ng.captureId, start: 0, count: 1 }), /No open capture/);
  });

  test('bad ids, frame numbers and paths are errors, and the server lives on', async () => {
    await assert.rejects(lsp.request('l2tpLens/frameDetail', { captureId: 'nope', frame: 1 }), /No open capture/);
    await assert.rejects(lsp.request('l2tpLens/frameDetail', { captureId: open.captureId, frame: 99 }), /No frame 99/);
    await assert.rejects(lsp.request('l2tpLens/openCapture', { path: 'test/fixtures/does-not-exist.pcap' }), /no such file/);
    const again = await lsp.request<CaptureFramesResult>('l2tpLens/captureFrames', { captureId: open.captureId, start: 0, count: 1 });
    assert.equal(again.frames.length, 1);
  });
});

describe('MAC names in the capture views (Wireshark\'s manuf/wka, setting l2tpLens.nameResolution.mac)', () => {
  const jn = join(fixtures, 'public', 'jnetpcap-legacy__test-l2tp.pcap');
  const ethOf = async (lsp: Lsp): Promise<{ label: string; dst: string }> => {
    const open = await lsp.request<OpenCaptureResult>('l2tpLens/openCapture', { path: jn, pageSize: 1 });
    const d = await lsp.request<FrameDetail>('l2tpLens/frameDetail', { captureId: open.captureId, frame: 1 });
    const eth = d.tree.find((n) => n.abbrev === 'eth');
    return { label: eth?.label ?? '', dst: eth?.children?.find((c) => c.abbrev === 'eth.dst')?.label ?? '' };
  };

  test('on by default: the tree names addresses as tshark -V does', async () => {
    const lsp = await startServer();
    try {
      const e = await ethOf(lsp);
      assert.equal(e.label, 'Ethernet II, Src: Intel_14:78:a2 (00:07:e9:14:78:a2), Dst: Cisco_81:24:45 (00:10:7b:81:24:45)');
      assert.equal(e.dst, 'Destination: Cisco_81:24:45 (00:10:7b:81:24:45)');
    } finally {
      await lsp.close();
    }
  });

  test('off: bare addresses, as tshark -n', async () => {
    const lsp = await startServer({ settings: { nameResolution: { mac: false } } });
    try {
      const e = await ethOf(lsp);
      assert.equal(e.label, 'Ethernet II, Src: 00:07:e9:14:78:a2, Dst: 00:10:7b:81:24:45');
      assert.equal(e.dst, 'Destination: 00:10:7b:81:24:45');
    } finally {
      await lsp.close();
    }
  });
});

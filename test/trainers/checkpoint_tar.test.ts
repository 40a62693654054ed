/**
 * A checkpoint as one tar file: what the playground downloads and `tfgym eval model.tar` reads.
 * The archive is plain ustar (GNU tar lists and extracts it byte for byte, and tfgym reads what
 * `tar -cf` makes of a checkpoint folder); a corrupt or cut archive is a CheckpointError.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/core/errors.js';
import { readTar, writeTar } from '../../src/core/tar.js';
import type { RunSnapshot } from '../../src/trainers/callback.js';
import { checkpointFromTar, checkpointTar } from '../../src/trainers/checkpoint_format.js';
import { readCheckpoint, writeCheckpoint } from '../../src/trainers/checkpoint_io.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'tfgym-tar-'));

function snapshot(): RunSnapshot {
  return {
    step: 1234, episode: 7, midEpisode: false, envRng: { s: [1, 2, 3] },
    run: { kind: 'rl', runDir: null, task: 'CartPole-v1', algorithm: 'dqn', seed: 3, config: { env: 'CartPole-v1', agent: 'dqn' }, total: 5000, start: 0, backend: 'cpu' },
    agent: {
      kind: 'dqn', meta: { updates: 9 },
      arrays: {
        w: { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 4, 5, 6]) },
        r: { shape: [3], data: Float64Array.from([0.1, 0.2, 0.3]) },
        i: { shape: [1], data: Int32Array.from([-7]) },
        b: { shape: [5], data: Uint8Array.from([1, 2, 3, 4, 5]) },
      },
    },
  };
}

describe('checkpoint tar files', () => {
  it('are archives GNU tar lists and extracts byte for byte', () => {
    const dir = tmp();
    const files = [{ name: 'a/meta.json', data: new TextEncoder().encode('{"x":1}') }, { name: 'a/arrays.bin', data: Uint8Array.from({ length: 1000 }, (_, i) => i % 251) }];
    writeFileSync(join(dir, 'x.tar'), writeTar(files));
    expect(execFileSync('tar', ['-tf', join(dir, 'x.tar')], { encoding: 'utf8' }).trim().split('\n')).toEqual(['a/meta.json', 'a/arrays.bin']);
    execFileSync('tar', ['-xf', join(dir, 'x.tar'), '-C', dir]);
    for (const f of files) expect(new Uint8Array(readFileSync(join(dir, f.name)))).toEqual(f.data);
    const back = readTar(writeTar(files), 'x.tar');
    expect([...back.keys()]).toEqual(['a/meta.json', 'a/arrays.bin']);
    expect(back.get('a/arrays.bin')).toEqual(files[1]?.data);
  });

  it('hold a checkpoint that reads back equal to its folder, and tar -cf of a folder reads too', () => {
    const dir = tmp();
    const folder = writeCheckpoint(dir, snapshot());
    const fromFolder = readCheckpoint(folder);
    writeFileSync(join(dir, 'model.tar'), checkpointTar(snapshot()));
    expect(readCheckpoint(join(dir, 'model.tar'))).toEqual(fromFolder);
    execFileSync('tar', ['-cf', join(dir, 'gnu.tar'), '-C', dir, 'step-000001234']);
    expect(readCheckpoint(join(dir, 'gnu.tar'))).toEqual(fromFolder);
    expect(fromFolder.agent.arrays.i?.data).toEqual(Int32Array.from([-7]));
  });

  it('refuse a corrupt, cut or foreign archive with a message naming it', () => {
    const good = checkpointTar(snapshot());
    const flipped = good.slice();
    flipped[130] = (flipped[130] as number) ^ 1; // a size digit: the header's checksum no longer matches
    expect(() => checkpointFromTar(flipped, 'm.tar')).toThrow(new CheckpointError('m.tar is not a tar archive (or is corrupt): the header at byte 0 does not check out'));
    expect(() => checkpointFromTar(good.subarray(0, 700), 'm.tar')).toThrow(/^m\.tar is cut short: entry "step-000001234\/meta\.json" needs \d+ bytes past byte 512, the file has 700$/);
    expect(() => checkpointFromTar(new TextEncoder().encode('hello'.repeat(200)), 'm.tar')).toThrow(CheckpointError);
    const other = writeTar([{ name: 'notes.txt', data: new Uint8Array(3) }]);
    expect(() => checkpointFromTar(other, 'm.tar')).toThrow('m.tar must hold one checkpoint (a meta.json and an arrays.bin), found 0 meta.json in [notes.txt]');
    // A checkpoint whose arrays were damaged is refused by the same checks as a folder's.
    const files = readTar(good, 'm.tar');
    const bin = (files.get('step-000001234/arrays.bin') as Uint8Array).slice();
    new Float32Array(bin.buffer, 0, 1)[0] = Number.NaN;
    const bad = writeTar([{ name: 's/meta.json', data: files.get('step-000001234/meta.json') as Uint8Array }, { name: 's/arrays.bin', data: bin }]);
    expect(() => checkpointFromTar(bad, 'm.tar')).toThrow('checkpoint m.tar is corrupt: array w holds NaN at index 0 (weights and state must be finite)');
  });
});

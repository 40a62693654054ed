/**
 * A minimal POSIX tar (ustar) writer and reader for a few small files: how a checkpoint folder
 * travels as one file (the playground's download, `tfgym eval model.tar`). Regular files only;
 * names up to 100 bytes; anything else in an archive is an error naming the entry.
 */
import { CheckpointError } from './errors.js';

const BLOCK = 512;
const text = new TextEncoder();
const untext = new TextDecoder();

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(name: string, size: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const put = (s: string, at: number) => h.set(text.encode(s), at);
  if (text.encode(name).length > 100) throw new CheckpointError(`tar entry name ${JSON.stringify(name)} is longer than 100 bytes`);
  put(name, 0);
  put(octal(0o644, 8), 100);
  put(octal(0, 8), 108);
  put(octal(0, 8), 116);
  put(octal(size, 12), 124);
  put(octal(0, 12), 136);
  put('        ', 148); // the checksum counts its own field as spaces
  put('0', 156);
  put('ustar\x0000', 257);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return h;
}

/** The archive of `files` (name -> bytes), in the order given. */
export function writeTar(files: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const size = files.reduce((n, f) => n + BLOCK + Math.ceil(f.data.length / BLOCK) * BLOCK, 2 * BLOCK);
  const out = new Uint8Array(size);
  let at = 0;
  for (const f of files) {
    out.set(header(f.name, f.data.length), at);
    out.set(f.data, at + BLOCK);
    at += BLOCK + Math.ceil(f.data.length / BLOCK) * BLOCK;
  }
  return out; // ends with two zero blocks
}

/** The regular files of a tar archive, by name; `where` names the archive in errors. */
export function readTar(bytes: Uint8Array, where: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let at = 0;
  while (at + BLOCK <= bytes.length) {
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return files;
    const field = (from: number, len: number) => untext.decode(h.subarray(from, from + len)).replace(/\0.*$/s, '').trim();
    const name = field(0, 100);
    const size = Number.parseInt(field(124, 12), 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (h[i] as number);
    if (!Number.isInteger(size) || size < 0 || Number.parseInt(field(148, 8), 8) !== sum) {
      throw new CheckpointError(`${where} is not a tar archive (or is corrupt): the header at byte ${at} does not check out`);
    }
    if (at + BLOCK + size > bytes.length) throw new CheckpointError(`${where} is cut short: entry ${JSON.stringify(name)} needs ${size} bytes past byte ${at + BLOCK}, the file has ${bytes.length}`);
    const type = field(156, 1);
    if (type === '0' || type === '') files.set(name, bytes.subarray(at + BLOCK, at + BLOCK + size));
    else if (type !== '5') throw new CheckpointError(`${where} holds entry ${JSON.stringify(name)} of tar type ${JSON.stringify(type)}; only files and folders are read`);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new CheckpointError(`${where} is cut short: it does not end with a tar end-of-archive block`);
}

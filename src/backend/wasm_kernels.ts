/**
 * Convolution gradients for the wasm backend, built from its fast (XNNPACK) Conv2D, Transpose,
 * Pad and Reverse kernels.
 *
 * Conv2DBackpropFilter (the filter gradient, so: every CNN's training step) is missing from
 * @tensorflow/tfjs-backend-wasm 4.22, and its Conv2DBackpropInput is a plain loop (about 10x slower
 * than a Conv2D of the same size). Both gradients are convolutions themselves:
 * - filter: `dW[i, j, c, o] = sum over b, y, x of Xp[b, y*s + i, x*s + j, c] * dY[b, y, x, o]` is a
 *   valid convolution of Xp (padded X) viewed as [C, H, W, B] with dY viewed as an [OH, OW, B, CO]
 *   filter dilated by the stride; the result [C, KH, KW, CO] is transposed to [KH, KW, C, CO];
 * - input (stride 1): dX is the valid convolution of dY padded by K - 1 - pad with the filter
 *   rotated by 180 degrees and its in/out channels swapped.
 * Strided input gradients keep wasm's own kernel; anything these cannot express (explicit
 * padding, dilated convolutions, NCHW) uses the direct loop below or wasm's kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { BackendError } from '../core/errors.js';

type TensorInfo = { dataId: object; shape: number[]; dtype: string };
interface WasmBackend {
  readSync(dataId: object): Float32Array;
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}
interface Attrs {
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
  dataFormat: string;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

function stridedFilterGrad(backend: WasmBackend, x: TensorInfo, dy: TensorInfo, attrs: Attrs, sh: number, sw: number): TensorInfo {
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], attrs.filterShape, [sh, sw], 1, attrs.pad, attrs.dimRoundingMode,
  );
  const X = backend.readSync(x.dataId);
  const DY = backend.readSync(dy.dataId);
  const out = backend.makeOutput([...attrs.filterShape], 'float32');
  const dW = backend.typedArrayFromHeap(out);
  dW.fill(0);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < batchSize; b++) {
    for (let y = 0; y < outHeight; y++) {
      for (let xo = 0; xo < outWidth; xo++) {
        const dyBase = ((b * outHeight + y) * outWidth + xo) * outChannels;
        for (let i = 0; i < filterHeight; i++) {
          const yi = y * sh + i - top;
          if (yi < 0 || yi >= inHeight) continue;
          for (let j = 0; j < filterWidth; j++) {
            const xi = xo * sw + j - left;
            if (xi < 0 || xi >= inWidth) continue;
            const xBase = ((b * inHeight + yi) * inWidth + xi) * inChannels;
            for (let c = 0; c < inChannels; c++) {
              const xv = X[xBase + c] as number;
              if (xv === 0) continue;
              const wBase = ((i * filterWidth + j) * inChannels + c) * outChannels;
              for (let o = 0; o < outChannels; o++) dW[wBase + o] = (dW[wBase + o] as number) + xv * (DY[dyBase + o] as number);
            }
          }
        }
      }
    }
  }
  return out;
}

type Run = (name: string, inputs: Record<string, TensorInfo>, attrs: Record<string, unknown>) => TensorInfo;

interface ConvAttrs extends Attrs {
  dilations?: number | [number, number];
  inputShape?: [number, number, number, number];
}

function runner(backend: WasmBackend & { disposeData(id: object): void }): { run: Run; free: (t: TensorInfo) => void } {
  return {
    run: (name, inputs, attrs) => {
      const k = tf.getKernel(name, 'wasm');
      if (!k) throw new BackendError(`the wasm backend has no ${name} kernel`);
      return k.kernelFunc({ inputs: inputs as never, backend: backend as never, attrs: attrs as never }) as TensorInfo;
    },
    free: (t) => backend.disposeData(t.dataId),
  };
}

const pair = (v: number | [number, number] | undefined): [number, number] => (v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : v);

/** Filter gradient as a convolution (see the module note); null when it cannot express the case. */
function filterGradByConv(backend: WasmBackend & { disposeData(id: object): void }, x: TensorInfo, dy: TensorInfo, attrs: ConvAttrs): TensorInfo | null {
  const [sh, sw] = pair(attrs.strides);
  if (typeof attrs.pad !== 'string' || attrs.dimRoundingMode != null || pair(attrs.dilations).some((d) => d !== 1)) return null;
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, [sh, sw], 1, attrs.pad);
  const { top, bottom, left, right } = info.padInfo;
  const { run, free } = runner(backend);
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo): TensorInfo => (temps.push(t), t);
  try {
    const xp = top || bottom || left || right ? keep(run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })) : x;
    const xt = keep(run('Transpose', { x: xp }, { perm: [3, 1, 2, 0] }));
    const dyt = keep(run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }));
    const r = keep(run('Conv2D', { x: xt, filter: dyt }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [sh, sw] }));
    const [, rh, rw] = r.shape as [number, number, number, number];
    const [kh, kw] = attrs.filterShape;
    // With a stride, rows and columns past the filter can appear; they are not part of dW.
    const cut = rh !== kh || rw !== kw ? keep(run('Slice', { x: r }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] })) : r;
    return run('Transpose', { x: cut }, { perm: [1, 2, 0, 3] });
  } finally {
    for (const t of temps) free(t);
  }
}

/** Input gradient of a stride-1 convolution as a convolution; null when it cannot express the case. */
function inputGradByConv(backend: WasmBackend & { disposeData(id: object): void }, dy: TensorInfo, filter: TensorInfo, attrs: ConvAttrs): TensorInfo | null {
  const [sh, sw] = pair(attrs.strides);
  if (sh !== 1 || sw !== 1 || typeof attrs.pad !== 'string' || attrs.dimRoundingMode != null || pair(attrs.dilations).some((d) => d !== 1)) return null;
  const inputShape = attrs.inputShape as [number, number, number, number];
  const fshape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inputShape, fshape, [1, 1], 1, attrs.pad);
  const [kh, kw] = fshape;
  const [, h, w] = inputShape;
  const [, oh, ow] = dy.shape as [number, number, number, number];
  const pt = kh - 1 - info.padInfo.top;
  const pl = kw - 1 - info.padInfo.left;
  const pb = h + kh - 1 - oh - pt;
  const pr = w + kw - 1 - ow - pl;
  if (pt < 0 || pl < 0 || pb < 0 || pr < 0) return null;
  const { run, free } = runner(backend);
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo): TensorInfo => (temps.push(t), t);
  try {
    const dyp = pt || pb || pl || pr ? keep(run('PadV2', { x: dy }, { paddings: [[0, 0], [pt, pb], [pl, pr], [0, 0]], constantValue: 0 })) : dy;
    const rot = keep(run('Reverse', { x: filter }, { dims: [0, 1] }));
    const wt = keep(run('Transpose', { x: rot }, { perm: [0, 1, 3, 2] }));
    return run('Conv2D', { x: dyp, filter: wt }, { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] });
  } finally {
    for (const t of temps) free(t);
  }
}

export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  const ownInput = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!ownInput) throw new BackendError('the wasm backend has no Conv2DBackpropInput kernel');
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: ((args: { inputs: { dy: TensorInfo; filter: TensorInfo }; backend: WasmBackend & { disposeData(id: object): void }; attrs: ConvAttrs }) => {
      if (args.attrs.dataFormat !== 'NHWC') return ownInput.kernelFunc(args as never);
      return inputGradByConv(args.backend, args.inputs.dy, args.inputs.filter, args.attrs) ?? ownInput.kernelFunc(args as never);
    }) as unknown as tf.KernelFunc,
  });
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (({ inputs, backend, attrs }: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: WasmBackend & { disposeData(id: object): void }; attrs: ConvAttrs }) => {
      const { x, dy } = inputs;
      if (attrs.dataFormat !== 'NHWC') throw new BackendError(`Conv2DBackpropFilter on wasm supports dataFormat NHWC, got ${attrs.dataFormat}`);
      if (typeof attrs.pad !== 'string' && typeof attrs.pad !== 'number') throw new BackendError('Conv2DBackpropFilter on wasm supports pad "same", "valid" or a number, not explicit padding');
      const [sh, sw] = pair(attrs.strides);
      return filterGradByConv(backend, x, dy, attrs) ?? stridedFilterGrad(backend, x, dy, attrs, sh, sw);
    }) as unknown as tf.KernelFunc,
  });
}

let registered = false;

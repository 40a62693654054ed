/**
 * Kernels the wasm backend lacks, built from what it has.
 *
 * Conv2DBackpropFilter (the filter gradient of conv2d, so: every CNN's training step) is missing
 * from @tensorflow/tfjs-backend-wasm 4.22. For stride 1, a 2-D convolution is a 3-D one of depth 1
 * and wasm's Conv3DBackpropFilterV2 computes the gradient (x and dy are viewed as depth-1 volumes,
 * no copy). That kernel gives wrong results for strides above 1 (checked against the cpu backend),
 * so strided convolutions use a direct loop in JavaScript:
 * `dW[i, j, c, o] = sum over b, y, x of X[b, y*sh + i - top, x*sw + j - left, c] * dY[b, y, x, o]`.
 */
import * as tf from '@tensorflow/tfjs';

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

export function registerWasmKernels(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  const conv3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm');
  if (!conv3d) throw new Error('the wasm backend has no Conv3DBackpropFilterV2 kernel to build Conv2DBackpropFilter from');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (({ inputs, backend, attrs }: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: WasmBackend; attrs: Attrs }) => {
      const { x, dy } = inputs;
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
      if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm supports dataFormat NHWC, got ${dataFormat}`);
      if (typeof pad !== 'string' && typeof pad !== 'number') throw new Error('Conv2DBackpropFilter on wasm supports pad "same", "valid" or a number, not explicit padding');
      const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
      if (sh !== 1 || sw !== 1 || dimRoundingMode != null) return stridedFilterGrad(backend, x, dy, attrs, sh, sw);
      const [b, h, w, c] = x.shape as [number, number, number, number];
      const [, oh, ow, co] = dy.shape as [number, number, number, number];
      const out = conv3d.kernelFunc({
        inputs: { x: { ...x, shape: [b, 1, h, w, c] }, dy: { ...dy, shape: [b, 1, oh, ow, co] } } as never,
        backend: backend as never,
        attrs: { strides: [1, 1, 1], pad, filterShape: [1, ...filterShape] } as never,
      }) as TensorInfo;
      return { ...out, shape: [...filterShape] };
    }) as unknown as tf.KernelFunc,
  });
}

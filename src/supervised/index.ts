/**
 * The supervised track that runs anywhere: datasets in memory, models, metrics, the classifier task,
 * callbacks and experiments. Loading files (MNIST, image folders, CIFAR-10, saved models) and model
 * checkpoints are exported by the Node entry (src/index.ts).
 */
export { ImageDataset, type Batch, type ImageDatasetOptions } from './data/dataset.js';
export { stratifiedSplit, samplePerClass, splitDataset, stratifiedSample } from './data/split.js';
export { Mean, SparseCategoricalAccuracy, BinaryAccuracy, KernelStd, accuracyFor, type Metric } from './metrics.js';
export { buildConvNet, convHead, classifierBackEnd, parameterCounts, kernelHistograms, outputUnits, BACK_ENDS, type BackEnd, type ConvNetOptions } from './models/convnet.js';
export { SeededDropout, initDense, initVariance, glorot, heNormal, type InitKind } from './models/layers.js';
export { buildResNet50, type ResNet50Options } from './models/resnet50.js';
export { cutModel, transferModel, extractFeatures, type TransferModel, type TransferOptions } from './models/transfer.js';
export { ClassifierTask, evaluateClassifier, predictClasses, type ClassifierTaskOptions } from './classifier.js';
export { EarlyStopping, BestWeights, SamplePredictions, type EarlyStoppingOptions, type SamplePredictionsOptions } from './callbacks.js';
export { supervisedConfig, SUPERVISED_DEFAULTS, SUPERVISED_PRESETS, type SupervisedConfig } from './config.js';
export { gapExperiment } from './experiments/gap.js';
export { initExperiment, initMlp, INIT_SCENARIOS, expectedNaiveVariance } from './experiments/init.js';
export { PolynomialFit, TRUE_COEFFICIENTS, type PolynomialOptions } from './polynomial.js';

/**
 * tfgym: a reinforcement-learning gym and agent framework for TypeScript, on TensorFlow.js.
 * The Node.js entry: everything of the browser entry, plus what needs Node's built-ins.
 */
export * from './browser.js';
// render() in rgb_array mode draws with Skia (CanvasKit); renderMode 'human' plays in the viewer.
import './render/raster_setup.js';
// Worker-thread vector envs (loading this module also lets makeVec use vectorizationMode "async").
export { AsyncVectorEnv } from './envs/vector/async.js';
// Files: logs, TensorBoard, checkpoints, data sets, saved models.
export { FileLogger, TensorBoardLogger, type FileLoggerOptions } from './trainers/callbacks/loggers.js';
export { CheckpointCallback, type CheckpointOptions } from './trainers/callbacks/checkpoint.js';
export { ProgressBar } from './trainers/callbacks/progress.js';
export { writeCheckpoint, readCheckpoint, listCheckpoints, pruneCheckpoints } from './trainers/checkpoint_io.js';
export { EventFileWriter, readEventFile, type ReadEvent } from './trainers/tensorboard/event_file.js';
export { gridPng } from './trainers/tensorboard/image.js';
export { loadMnist } from './supervised/data/mnist.js';
export { loadImageFolder, listImageFolder, decodeImage, type ImageFolder, type ImageFolderOptions, type SkippedFile } from './supervised/data/image_folder.js';
export { loadCifar10, CIFAR10_CLASSES } from './supervised/data/cifar.js';
export { loadTaskData, type SplitData } from './supervised/data/load.js';
export { saveModel, loadModel } from './supervised/models/io.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './supervised/model_checkpoint.js';
export { transferExperiment } from './supervised/experiments/transfer.js';
// The live viewer's server and the runs library (run folders, resume, evaluation, watching).
export * from './render/index.js';
export * from './runs/index.js';

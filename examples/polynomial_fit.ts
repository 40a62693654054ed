// The tutorial's polynomial fit on the shared trainer: the same loop, progress and log callbacks
// as RL training. Run: npx tsx examples/polynomial_fit.ts
import { ConsoleLogger, PolynomialFit, TRUE_COEFFICIENTS, initBackend, trainSupervised } from 'tfgym';

await initBackend({ log: console.log });
const task = new PolynomialFit({ seed: 0 });
await trainSupervised({ task, epochs: 40, seed: 0, callbacks: [new ConsoleLogger(10)] });
const w = task.coefficients().map((v) => Number(v.toFixed(2)));
console.log(`fitted [${w.join(', ')}], true [${TRUE_COEFFICIENTS.join(', ')}]`);
task.dispose();

import { DqnAgent, initBackend, make, trainAgent, EvaluationCallback, FileLogger } from 'tfgym';

await initBackend(); // the best backend that loads
const env = make<Float32Array, number>('CartPole-v1');
const agent = new DqnAgent({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 0,
  config: { hiddenLayers: [64, 64], learningRate: 1e-3, doubleDqn: true, dueling: true, nStep: 3 } });
const result = await trainAgent({ env, agent, totalSteps: 50_000, seed: 0, callbacks: [
  new EvaluationCallback({ env: make('CartPole-v1'), agent, every: 5_000, episodes: 10 }),
  new FileLogger({ dir: 'runs/cartpole' }),
  { onEpisodeEnd: (e) => console.log(e.step, e.return) }, // any object with handlers is a callback
] });
console.log(result.reason, result.steps);

/** The distributed transport's pure parts: batch and weight encoding, URLs, the config, the Ape-X epsilons. */
import { describe, expect, it } from 'vitest';
import { decodeBatch, decodeWeights, encodeBatch, encodeWeights, type TransitionBatch } from '../../src/runs/distributed/codec.js';
import { actorEpsilon, distributedConfig } from '../../src/runs/distributed/config.js';
import { checkRunId, redact, redisTarget, runKeys } from '../../src/runs/distributed/redis.js';

const batch = (discrete: boolean): TransitionBatch => ({
  actor: 3, seq: 17, version: 5, size: 3, observationSize: 2, actionSize: discrete ? 1 : 2,
  observations: Float32Array.from([0.5, -1, 2, 3, 4, 5]), nextObservations: Float32Array.from([1, 2, 3, 4, 5, 6.25]),
  actions: discrete ? Int32Array.from([1, 0, 1]) : Float32Array.from([0.1, -0.2, 0.3, 0.4, -0.5, 0.6]),
  rewards: Float64Array.from([1, -0.125, 1e-9]), flags: Uint8Array.from([0, 1, 2]),
  episodes: [{ index: 1, return: 12.5, rawReturn: null, length: 12 }, { index: 2, return: 3, rawReturn: -7, length: 4 }],
});
/** The fields as ioredis hands them back: every name and value a Buffer. */
const asRead = (fields: (string | Buffer)[]) => fields.map((f) => (typeof f === 'string' ? Buffer.from(f) : Buffer.from(f)));

describe('distributed codec', () => {
  it('round-trips transition batches with discrete and continuous actions, bit for bit', () => {
    for (const discrete of [true, false]) {
      const b = batch(discrete);
      const back = decodeBatch(asRead(encodeBatch(b)));
      expect(back).toEqual(b);
      expect(back.actions).toBeInstanceOf(discrete ? Int32Array : Float32Array);
    }
  });

  it('refuses an entry with a wrong header or a column of the wrong size, naming it', () => {
    const fields = asRead(encodeBatch(batch(true)));
    const cut = fields.map((f, i) => (i === 3 ? f.subarray(0, 8) : f)); // 'o' short
    expect(() => decodeBatch(cut)).toThrow(/column o has 8 bytes, expected 24/);
    const badHead = fields.map((f, i) => (i === 1 ? Buffer.from('1 2 x') : f));
    expect(() => decodeBatch(badHead)).toThrow(/header must be .* got "1 2 x"/);
  });

  it('round-trips acting weights and refuses a truncated value', () => {
    const w = [{ shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }, { shape: [3], data: Float32Array.from([-1, 0.5, 7]) }];
    const buf = encodeWeights(w);
    expect(decodeWeights(buf)).toEqual(w);
    expect(() => decodeWeights(buf.subarray(0, buf.length - 4))).toThrow(/expected \d+ for shapes \[\[2,3\],\[3\]\]/);
  });
});

describe('Redis URLs and run keys', () => {
  it('reads host, port, db, TLS and the password, and never shows the password', () => {
    const t = redisTarget('rediss://user:s3cret@cache.internal:6380/2', {});
    expect(t.options).toMatchObject({ host: 'cache.internal', port: 6380, db: 2, username: 'user', password: 's3cret' });
    expect(t.options.tls).toBeDefined();
    expect(t.display).toBe('rediss://user@cache.internal:6380/2');
    expect(t.display).not.toContain('s3cret');
    const fromEnv = redisTarget('redis://127.0.0.1', { TFGYM_REDIS_PASSWORD: 'pw' });
    expect(fromEnv).toMatchObject({ display: 'redis://127.0.0.1:6379/0', hasPassword: true, password: 'pw' });
    expect(redact('redis://:hunter2@h:1/0')).toBe('redis://:***@h:1/0');
  });

  it('rejects bad URLs and run ids with the rule and the value, without echoing a password', () => {
    expect(() => redisTarget('http://h:1', {})).toThrow(/must start with redis:\/\/ or rediss:\/\/ .*got "http:\/\/…"/);
    expect(() => redisTarget('redis://h:1/99', {})).toThrow(/database .* integer 0-15, got "99"/);
    expect(() => redisTarget('not a url :pw@', {})).toThrow(/--redis must be a URL/);
    expect(() => checkRunId('a b')).toThrow(/run id must be .* got "a b"/);
    expect(runKeys('r1').experience).toBe('tfgym:r1:experience');
  });

  it('gives actors the Ape-X epsilons and checks the distributed config', () => {
    const c = distributedConfig({ actors: 8 });
    const eps = Array.from({ length: 8 }, (_, i) => actorEpsilon(i, c));
    expect(eps[0]).toBeCloseTo(0.4, 12);
    expect(eps[7]).toBeCloseTo(0.4 ** 8, 12);
    for (let i = 1; i < 8; i++) expect(eps[i]).toBeLessThan(eps[i - 1] as number);
    expect(actorEpsilon(0, distributedConfig({ actors: 1 }))).toBe(0.4);
    expect(Number.isNaN(actorEpsilon(0, distributedConfig({ exploration: 'schedule' })))).toBe(true);
    expect(() => distributedConfig({ batchSize: 0 })).toThrow(/distributed.batchSize must be .*got 0/);
    expect(() => distributedConfig({ highWater: 2000 })).toThrow(/highWater must be below maxStreamEntries \(1000\), got 2000/);
    expect(() => distributedConfig({ nope: 1 } as never)).toThrow(/unknown key "nope"/);
  });
});

describe('acting weights (what a learner publishes to actors)', () => {
  it('make an actor\'s agent act as the learner\'s: DQN, SAC with gSDE, TD3', async () => {
    const { initBackend } = await import('../../src/backend/index.js');
    await initBackend({ backend: 'wasm' });
    const { make } = await import('../../src/envs/registry.js');
    const { agentEntry } = await import('../../src/agents/registry.js');
    for (const [kind, envId, config] of [['dqn', 'CartPole-v1', {}], ['sac', 'MountainCarContinuous-v0', { useSde: true }], ['td3', 'Pendulum-v1', {}]] as const) {
      const env = make(envId);
      const entry = agentEntry(kind);
      const build = (seed: number) => entry.build({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed, config: entry.config(config), totalSteps: 1000, numEnvs: 1 });
      const learner = build(1);
      const actor = build(2);
      const obs = env.reset({ seed: 0 }).observation as Float32Array;
      const greedy = (a: typeof learner) => JSON.stringify(Array.from([a.act(obs, { explore: false })].flat() as number[]));
      const weights = learner.actingWeights?.() ?? [];
      expect(weights.length, kind).toBeGreaterThan(0);
      actor.loadActingWeights?.(decodeWeights(encodeWeights(weights)));
      expect(greedy(actor), kind).toBe(greedy(learner));
      if (kind === 'sac') expect(weights.at(-1)?.shape, 'gSDE log-std goes with the actor').toEqual([256, 1]); // features of SAC's default 256x256 actor x 1 action
      learner.dispose();
      actor.dispose();
      env.close();
    }
  });

  it("put an actor's step-scheduled exploration at the learner's step (DQN's epsilon schedule)", async () => {
    const { make } = await import('../../src/envs/registry.js');
    const { agentEntry } = await import('../../src/agents/registry.js');
    const env = make('CartPole-v1');
    const entry = agentEntry('dqn');
    const agent = entry.build({ observationSpace: env.observationSpace, actionSpace: env.actionSpace, seed: 0, config: entry.config({ exploration: { kind: 'linear', start: 1, end: 0.05, steps: 1000 } }), totalSteps: 2000, numEnvs: 1 });
    expect(agent.status()['charts/epsilon']).toBe(1);
    agent.setActorProgress?.(500);
    expect(agent.status()['charts/epsilon']).toBeCloseTo(0.525, 9);
    agent.setActorProgress?.(5000);
    expect(agent.status()['charts/epsilon']).toBeCloseTo(0.05, 9);
    agent.dispose();
  });
});

describe('remote rollouts (PPO, A2C)', () => {
  it('learn exactly as the local run: a rollout collected by an actor, sent and put into the learner, gives the same update', async () => {
    const { trainConfig } = await import('../../src/runs/config.js');
    const { buildAgent, buildVecEnv } = await import('../../src/runs/rl.js');
    const { vectorStep } = await import('../../src/trainers/rl_vector.js');
    const { make } = await import('../../src/envs/registry.js');
    const { decodeRollout, encodeRollout } = await import('../../src/runs/distributed/codec.js');
    for (const agentKind of ['ppo', 'a2c']) {
      const config = trainConfig({ env: 'CartPole-v1', agent: agentKind, seed: 3, steps: 1000, numEnvs: 2, agentConfig: { nSteps: 8, hiddenLayers: [8] } });
      const probe = make('CartPole-v1');
      const [local, actor, learner] = [0, 1, 2].map(() => buildAgent(config, probe).agent as import('../../src/core/agent.js').VectorAgent<ArrayLike<number>, unknown>);
      const collect = (agent: NonNullable<typeof local>) => {
        const venv = buildVecEnv(config);
        let obs = venv.reset({ seed: 3 }).observations as Float32Array;
        for (let t = 0; t < 8; t++) obs = vectorStep(venv, agent, obs).next;
        venv.close();
      };
      collect(local as NonNullable<typeof local>);
      collect(actor as NonNullable<typeof actor>);
      const rollout = actor?.takeRollout?.();
      expect(rollout, agentKind).toBeTruthy();
      const sent = decodeRollout(encodeRollout({ actor: 0, seq: 0, version: 1, rollout: rollout as NonNullable<typeof rollout>, episodes: [] }).map((f) => Buffer.from(f)));
      expect(sent.rollout).toEqual(rollout);
      learner?.putRollout?.(sent.rollout);
      const a = local?.update();
      const b = learner?.update();
      expect(a, agentKind).not.toBeNull();
      expect(b).toEqual(a);
      expect(learner?.actingWeights?.()).toEqual(local?.actingWeights?.());
      expect(() => learner?.putRollout?.({ ...sent.rollout, steps: 7 })).toThrow(/rollout must be 8 steps of 2 env copies/);
      for (const x of [local, actor, learner]) x?.dispose();
      probe.close();
    }
  });
});

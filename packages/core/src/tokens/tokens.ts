import { Agent } from '../contracts/agent';
import { Augmentation } from '../contracts/augmentation';
import { Criterion } from '../contracts/criterion';
import { Environment, EnvironmentFactory } from '../contracts/environment';
import { MetricSink } from '../contracts/metric-sink';
import { Optimizer } from '../contracts/optimizer';
import { Pruner } from '../contracts/pruner';
import { NetworkFactory, QNetwork } from '../contracts/q-network';
import { ReplayBuffer } from '../contracts/replay-buffer';
import { SparsityDistribution } from '../contracts/sparsity-distribution';
import { SparsitySchedule } from '../contracts/sparsity-schedule';
import { UpdateHook } from '../contracts/update-hook';

/**
 * Every DI token in one object. Each is `Symbol.for('@prunerl/core/<Name>')`, so ESM and CJS copies of
 * this package agree; each also exists as a constant with its interface's name
 * (`import { Pruner } from '@prunerl/core'` gives both the type and the token).
 */
export const TOKENS = Object.freeze({
  Agent,
  Augmentation,
  Criterion,
  Environment,
  EnvironmentFactory,
  MetricSink,
  NetworkFactory,
  Optimizer,
  Pruner,
  QNetwork,
  ReplayBuffer,
  SparsityDistribution,
  SparsitySchedule,
  UpdateHook,
  /** The run's root {@link Rng}; consumers `split` their own stream from it. */
  Rng: Symbol.for('@prunerl/core/Rng'),
  /** Options object of the agent being built (a plain record, validated by the agent). */
  AgentOptions: Symbol.for('@prunerl/core/AgentOptions'),
  /** Total gradient updates of the run (a number), for schedules expressed as fractions. */
  TotalUpdates: Symbol.for('@prunerl/core/TotalUpdates'),
});

import type { Rng, RngState } from '@prunerl/core';

/**
 * The noise of NoisyNet layers with factorised Gaussian noise (Fortunato et al. 2018, eqs. 10-11):
 * a layer with p inputs and q outputs draws p + q unit normals and transforms each with
 * f(x) = sign(x) * sqrt(|x|); the kernel noise is the outer product f(eps_in) f(eps_out)^T and the
 * bias noise is f(eps_out).
 *
 * Draws come from a seeded {@link Rng} stream (not the backend's random ops), so a network's noise
 * is reproducible and identical on every backend.
 */
export class FactorisedNoise {
  constructor(private readonly rng: Rng) {}

  /** `n` transformed normals f(eps). */
  draw(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const z = this.rng.normal();
      out[i] = Math.sign(z) * Math.sqrt(Math.abs(z));
    }
    return out;
  }

  /** The stream's state (to continue the same noise sequence after a restart). */
  state(): RngState {
    return this.rng.state();
  }

  /** Continues from {@link FactorisedNoise.state}; throws a `StateError` if it is another stream's. */
  restore(state: RngState): void {
    this.rng.restore(state);
  }
}

import { qNetworkConformance } from '@prunerl/testing';
import { QNetworkFactory } from './q-network-factory';

// Small versions of every torso (0-255 frames scaled by 1/255, as inputScaleOf(space) gives) with the plain Q head, and every head (and NoisyNet) on small torsos.
qNetworkConformance('mlp + q', new QNetworkFactory({ torso: 'mlp', hiddenSizes: [16, 8] }), { observationShape: [6] });
qNetworkConformance('minatar-cnn + q', new QNetworkFactory({ torso: 'minatar-cnn', width: 0.5, denseUnits: 16 }), { observationShape: [10, 10, 4] });
qNetworkConformance('nature-cnn + q (valid)', new QNetworkFactory({ torso: 'nature-cnn', padding: 'valid', width: 0.125, denseUnits: 16, inputScale: 1 / 255 }), {
  observationShape: [36, 36, 2],
  observationHigh: 255,
});
qNetworkConformance('impala + dueling', new QNetworkFactory({ torso: 'impala', head: 'dueling', width: 0.25, denseUnits: 16, inputScale: 1 / 255 }), {
  observationShape: [12, 12, 2],
  observationHigh: 255,
});
qNetworkConformance('nature-cnn + c51', new QNetworkFactory({ torso: 'nature-cnn', head: 'c51', numAtoms: 7, width: 0.25, denseUnits: 16, inputScale: 1 / 255 }), {
  observationShape: [16, 16, 2],
  observationHigh: 255,
});
qNetworkConformance('impala + noisy dueling c51 (DER)', new QNetworkFactory({ torso: 'impala', head: 'c51', dueling: true, noisy: true, numAtoms: 5, width: 0.25, denseUnits: 16, inputScale: 1 / 255 }), {
  observationShape: [8, 8, 2],
  observationHigh: 255,
});
qNetworkConformance('minatar-cnn + quantile', new QNetworkFactory({ torso: 'minatar-cnn', head: 'quantile', embeddingDim: 16, width: 0.5, denseUnits: 16 }), {
  observationShape: [10, 10, 4],
});
qNetworkConformance('mlp + noisy q', new QNetworkFactory({ torso: 'mlp', noisy: true, hiddenSizes: [16, 8] }), { observationShape: [6] });

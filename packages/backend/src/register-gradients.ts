/**
 * tfjs-core ships its gradient functions separately from its Node entry point: only the
 * `@tensorflow/tfjs` union package registers them (bundled in its Node build, imported from
 * `register_all_gradients` in its ESM build). Loading it here, once, is what makes
 * `tf.grads`/optimisers work for every prunerl package, whichever module format loads us.
 */
import '@tensorflow/tfjs';

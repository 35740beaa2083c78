/**
 * Inference for services: {@link backprop.predict.Predictor}, thread-safe and without allocation per call once
 * warm, on the fast engine's float kernels.
 */
package backprop.predict;

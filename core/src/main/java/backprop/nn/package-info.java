/**
 * The math, written once: a {@link backprop.nn.Network} is an input {@link backprop.nn.Shape}, an ordered list of
 * {@link backprop.nn.Layer}s (fully connected, convolution, max-pooling) and a {@link backprop.nn.Cost}; each
 * {@link backprop.nn.Activation}, cost and {@link backprop.nn.Initializer} holds its formula and derivative, which
 * both engines use. {@link backprop.nn.Architecture} reads the {@code --layers} notation.
 */
package backprop.nn;

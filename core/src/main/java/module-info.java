/**
 * Backprop's library: neural networks trained by backpropagation, after Nielsen's <em>Neural Networks and
 * Deep Learning</em>.
 *
 * <p>Start with {@link backprop.nn.Network} (a network as a value), {@link backprop.data.DataCatalog} or
 * {@link backprop.data.Dataset} (the data), {@link backprop.train.MiniBatchSgd} with an {@link backprop.Engine}
 * (training), {@link backprop.io.ModelFile} (saving and loading) and {@link backprop.predict.Predictor}
 * (inference in a service).
 *
 * <p>The fast engine's internals ({@code backprop.engine}: float kernels, threads, the Vector API) are not
 * exported: {@link backprop.Engine#FAST} and {@link backprop.predict.Predictor} are the ways in, so the
 * engine can change without breaking a caller.
 *
 * <p>The fast engine's SIMD kernels use the Vector API, an incubator module. On the module path this module
 * requires it, so the JVM resolves it; on the class path the JVM resolves it only when asked, with
 * {@code --add-modules jdk.incubator.vector}, and without it the fast engine and the Predictor fall back to
 * plain loops.
 */
module backprop.core {
    requires jdk.incubator.vector;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
    requires transitive java.desktop;
    requires jdk.management;
    requires java.net.http;

    exports backprop;
    exports backprop.data;
    exports backprop.image;
    exports backprop.io;
    exports backprop.io.onnx;
    exports backprop.io.safetensors;
    exports backprop.nn;
    exports backprop.predict;
    exports backprop.reference;
    exports backprop.run;
    exports backprop.train;
}

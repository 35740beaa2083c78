package backprop.engine;

import backprop.nn.Activation;
import backprop.nn.Convolution;
import backprop.nn.SeededRandom;
import backprop.nn.Shape;
import backprop.train.Optimizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A float convolution's backward pass gives the gradients and {@code ∂C/∂a_in} of the sums written
 * out in double, whether it skips the zero errors or multiplies by them: BP3, BP4 and BP2 for one
 * part, checked element by element.
 */
class FastConvolutionTest {

    static Stream<Arguments> shapesAndPaths() {
        // channels, height, width, filters, kernel height, kernel width: network3's two convolutions,
        // a filter unrolled a row per position (96 weights), an input row wider than a vector.
        int[][] shapes = {{1, 12, 12, 4, 5, 5}, {20, 12, 12, 40, 5, 5}, {6, 7, 7, 8, 4, 4}, {3, 9, 20, 5, 3, 4}};
        List<Arguments> cases = new ArrayList<>();
        for (int[] shape : shapes) {
            for (MatrixKernels kernels : new MatrixKernels[] {new ScalarMatrixKernels(), new VectorMatrixKernels()}) {
                for (double sparseUpTo : new double[] {0, 1}) {
                    for (double zeros : new double[] {0, 0.75}) {
                        cases.add(Arguments.of(shape, kernels, sparseUpTo, zeros));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}, sparse up to {2}, {3} of the errors zero")
    @MethodSource("shapesAndPaths")
    void backwardGivesTheGradientsAndInputErrorsOfTheSumsInDouble(int[] shape, MatrixKernels kernels,
                                                                  double sparseUpTo, double zeros) {
        int channels = shape[0];
        int height = shape[1];
        int width = shape[2];
        int filters = shape[3];
        int kh = shape[4];
        int kw = shape[5];
        int outH = height - kh + 1;
        int outW = width - kw + 1;
        int inSize = channels * height * width;
        int outSize = filters * outH * outW;
        int capacity = 3;
        int examples = 3;
        int part = 1;
        SeededRandom random = new SeededRandom(31);
        double[] w = new double[filters * channels * kh * kw];
        double[] b = new double[filters];
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) (random.nextDouble() - 0.5);
        }
        for (int f = 0; f < filters; f++) {
            b[f] = (float) (random.nextDouble() - 0.5);
        }
        Convolution layer = Convolution.of(new Shape(channels, height, width), filters, kh, kw, Activation.SIGMOID, w, b);
        float[] in = new float[capacity * inSize + 16];
        for (int k = 0; k < examples * inSize; k++) {
            in[k] = (float) random.nextDouble();
        }
        float[] delta = new float[capacity * outSize + 16];
        for (int k = 0; k < examples * outSize; k++) {
            delta[k] = random.nextDouble() < zeros ? 0f : (float) (random.nextDouble() - 0.5);
        }
        FastConvolution conv = new FastConvolution(layer, 2, capacity, kernels, sparseUpTo);
        conv.forward(part, in, examples, new float[capacity * outSize + 16]);
        float[] back = new float[capacity * inSize + 16];
        java.util.Arrays.fill(back, 7f);
        conv.backward(part, in, delta, examples, back);
        // One plain SGD step with rate 1 from one example's worth: θ ← θ - ∇, which shows the gradient.
        ParameterStep rule = new ParameterStep(Optimizer.sgd(), 0, 0, kernels);
        rule.prepare(1, 1, 1.0, 1);
        conv.step(0, 1, null, null, null, new float[][][] {new float[0][], new float[0][]}, rule);
        Convolution stepped = (Convolution) conv.toLayer();
        double[] w1 = stepped.parameters().get(0).values();
        double[] b1 = stepped.parameters().get(1).values();

        for (int f = 0; f < filters; f++) {
            double bias = 0;
            for (int e = 0; e < examples; e++) {
                for (int p = 0; p < outH * outW; p++) {
                    bias += delta[e * outSize + f * outH * outW + p];
                }
            }
            assertEquals(bias, b[f] - b1[f], 1e-5 * (1 + Math.abs(bias)), "bias gradient of filter " + f);
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        double sum = 0;
                        for (int e = 0; e < examples; e++) {
                            for (int y = 0; y < outH; y++) {
                                for (int x = 0; x < outW; x++) {
                                    sum += (double) delta[e * outSize + (f * outH + y) * outW + x]
                                            * in[e * inSize + (c * height + y + i) * width + x + j];
                                }
                            }
                        }
                        int k = ((f * channels + c) * kh + i) * kw + j;
                        assertEquals(sum, w[k] - w1[k], 1e-5 * (1 + Math.abs(sum)), "weight gradient at " + k);
                    }
                }
            }
        }
        for (int e = 0; e < examples; e++) {
            for (int c = 0; c < channels; c++) {
                for (int yy = 0; yy < height; yy++) {
                    for (int xx = 0; xx < width; xx++) {
                        double sum = 0;
                        for (int f = 0; f < filters; f++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int y = yy - i;
                                    int x = xx - j;
                                    if (y >= 0 && y < outH && x >= 0 && x < outW) {
                                        sum += w[((f * channels + c) * kh + i) * kw + j]
                                                * delta[e * outSize + (f * outH + y) * outW + x];
                                    }
                                }
                            }
                        }
                        int at = e * inSize + (c * height + yy) * width + xx;
                        assertEquals(sum, back[at], 1e-5 * (1 + Math.abs(sum)), "input error at " + at);
                    }
                }
            }
        }
    }
}

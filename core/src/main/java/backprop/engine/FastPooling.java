package backprop.engine;

import backprop.nn.Layer;
import backprop.nn.MaxPooling;

import java.util.Arrays;

/**
 * Max-pooling in float: each window's largest input (the first of equals, row by row, as the
 * reference's {@link MaxPooling} picks it), remembered per part so that the backward pass can send
 * each window's error to it alone.
 */
final class FastPooling extends FastLayer {
    private final MaxPooling layer;
    private final MatrixKernels kernels;
    private final int channels;
    private final int inHeight;
    private final int inWidth;
    private final int poolHeight;
    private final int poolWidth;
    private final int outHeight;
    private final int outWidth;
    /** Per part: for each output, the index in the part's input of the maximum it took. */
    private final int[][] winners;

    FastPooling(MaxPooling layer, int parts, int capacity, MatrixKernels kernels) {
        super(layer.inputShape(), layer.outputShape(), null);
        this.kernels = kernels;
        this.layer = layer;
        this.channels = inputShape.channels();
        this.inHeight = inputShape.height();
        this.inWidth = inputShape.width();
        this.poolHeight = layer.poolHeight();
        this.poolWidth = layer.poolWidth();
        this.outHeight = outputShape.height();
        this.outWidth = outputShape.width();
        this.winners = new int[parts][capacity * outputSize];
    }

    @Override
    float[][] parameters() {
        return new float[0][];
    }

    @Override
    void forward(int part, float[] in, int examples, float[] z) {
        int[] winner = winners[part];
        int out = 0;
        for (int e = 0; e < examples; e++) {
            for (int c = 0; c < channels; c++) {
                int map = e * inputSize + c * inHeight * inWidth;
                for (int y = 0; y < outHeight; y++) {
                    int top = map + y * poolHeight * inWidth;
                    if (poolHeight == 2 && poolWidth == 2) {
                        kernels.maxPool2x2(in, top, inWidth, outWidth, z, winner, out);
                        out += outWidth;
                        continue;
                    }
                    for (int x = 0; x < outWidth; x++) {
                        int corner = top + x * poolWidth;
                        int best = corner;
                        float largest = in[corner];
                        for (int i = 0; i < poolHeight; i++) {
                            int row = corner + i * inWidth;
                            for (int j = 0; j < poolWidth; j++) {
                                // As in the reference, NaN never wins a comparison.
                                if (in[row + j] > largest) {
                                    best = row + j;
                                    largest = in[best];
                                }
                            }
                        }
                        winner[out] = best;
                        z[out++] = largest;
                    }
                }
            }
        }
    }

    @Override
    void backward(int part, float[] in, float[] delta, int examples, float[] back) {
        if (back == null) {
            return;
        }
        int[] winner = winners[part];
        Arrays.fill(back, 0, examples * inputSize, 0f);
        for (int out = 0; out < examples * outputSize; out++) {
            back[winner[out]] += delta[out];
        }
    }

    @Override
    void step(int member, int threads, float[][] inputs, float[][] deltas, int[] examples, float[][][] moments,
              ParameterStep rule) {
        // No parameters.
    }

    @Override
    Layer toLayer() {
        return layer;
    }
}

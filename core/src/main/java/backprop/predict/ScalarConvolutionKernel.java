package backprop.predict;

import java.util.Arrays;

/** {@link ConvolutionKernel} in plain loops. */
final class ScalarConvolutionKernel implements ConvolutionKernel {

    @Override
    public void multiply(float[] w, float[] b, int filters, int k, float[] patches, int positions, float[] out, int to) {
        for (int f = 0; f < filters; f++) {
            int row = to + f * positions;
            Arrays.fill(out, row, row + positions, b[f]);
            for (int q = 0; q < k; q++) {
                float weight = w[f * k + q];
                int patch = q * positions;
                for (int p = 0; p < positions; p++) {
                    out[row + p] += weight * patches[patch + p];
                }
            }
        }
    }
}

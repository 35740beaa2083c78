package backprop.reference;

/** The few dense-matrix products the matrix form of backpropagation needs, in plain double loops. */
final class Matrices {
    private Matrices() {
    }

    /** {@code A B}. */
    static double[][] multiply(double[][] a, double[][] b) {
        int rows = a.length;
        int inner = b.length;
        int columns = b[0].length;
        double[][] c = new double[rows][columns];
        for (int i = 0; i < rows; i++) {
            double[] ci = c[i];
            for (int k = 0; k < inner; k++) {
                double aik = a[i][k];
                double[] bk = b[k];
                for (int j = 0; j < columns; j++) {
                    ci[j] += aik * bk[j];
                }
            }
        }
        return c;
    }

    /** {@code A Bᵀ}. */
    static double[][] multiplyTransposed(double[][] a, double[][] b) {
        int rows = a.length;
        int columns = b.length;
        int inner = a[0].length;
        double[][] c = new double[rows][columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double sum = 0;
                for (int k = 0; k < inner; k++) {
                    sum += a[i][k] * b[j][k];
                }
                c[i][j] = sum;
            }
        }
        return c;
    }

    /** {@code Aᵀ B}. */
    static double[][] transposeMultiply(double[][] a, double[][] b) {
        int rows = a[0].length;
        int inner = a.length;
        int columns = b[0].length;
        double[][] c = new double[rows][columns];
        for (int k = 0; k < inner; k++) {
            double[] ak = a[k];
            double[] bk = b[k];
            for (int i = 0; i < rows; i++) {
                double aki = ak[i];
                double[] ci = c[i];
                for (int j = 0; j < columns; j++) {
                    ci[j] += aki * bk[j];
                }
            }
        }
        return c;
    }

    /** {@code Z + b 1ᵀ}: adds {@code b[j]} to every entry of row {@code j}. */
    static void addToColumns(double[][] z, double[] b) {
        for (int j = 0; j < z.length; j++) {
            for (int i = 0; i < z[j].length; i++) {
                z[j][i] += b[j];
            }
        }
    }

    /** {@code Δ 1}: the sum over the batch, per row. */
    static double[] rowSums(double[][] m) {
        double[] sums = new double[m.length];
        for (int j = 0; j < m.length; j++) {
            double sum = 0;
            for (double v : m[j]) {
                sum += v;
            }
            sums[j] = sum;
        }
        return sums;
    }

    static void column(double[][] m, int i, double[] out) {
        for (int j = 0; j < m.length; j++) {
            out[j] = m[j][i];
        }
    }

    static void setColumn(double[][] m, int i, double[] values) {
        for (int j = 0; j < m.length; j++) {
            m[j][i] = values[j];
        }
    }
}

package backprop.web;

import backprop.data.Splits;

import java.io.IOException;

/** Where the server's data comes from: the MNIST catalog in use, small generated data in tests. */
@FunctionalInterface
public interface SplitsSource {
    Splits open() throws IOException;
}

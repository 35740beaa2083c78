/**
 * Data sets: {@link backprop.data.Dataset} (inputs in [0, 1] and labels, compact in memory), the IDX and CSV
 * readers, MNIST's fetch, checksums and the book's 50,000 / 10,000 / 10,000 split
 * ({@link backprop.data.DataCatalog}), and augmentation.
 */
package backprop.data;

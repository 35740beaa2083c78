/**
 * The reference engine: double precision and the book's equations, one example at a time
 * ({@link backprop.reference.Backpropagation}, BP1-BP4) or a mini-batch as one matrix
 * ({@link backprop.reference.MatrixBackpropagation}). Slow and plain, to be read next to the book and to
 * hold the fast engine to.
 */
package backprop.reference;

/**
 * Model and checkpoint files: {@link backprop.io.ModelFile} reads and writes network2.py's JSON (and our
 * layered format for convolutional networks) with the provenance of a run, and saves atomically.
 */
package backprop.io;

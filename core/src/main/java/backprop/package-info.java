/**
 * The entry types: {@link backprop.Engine}, the training engines a caller chooses from (the only way in to the
 * fast engine), and {@link backprop.FileFormatException}, the error every file reader throws for a bad file.
 */
package backprop;

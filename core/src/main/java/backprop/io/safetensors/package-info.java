/**
 * The safetensors format of the Python ecosystem (a JSON header and raw little-endian tensors), to move weights
 * to and from numpy and PyTorch ({@link backprop.io.safetensors.SafetensorsFile}).
 */
package backprop.io.safetensors;

/**
 * ONNX export and import: {@link backprop.io.onnx.OnnxExport} writes a network for ONNX Runtime,
 * {@link backprop.io.onnx.OnnxImport} reads graphs made of the operations our layers mean (such as PyTorch's
 * export of a {@code Sequential}).
 */
package backprop.io.onnx;

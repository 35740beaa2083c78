/**
 * Reading a photo or a drawing of a digit into MNIST's framing: grayscale, ink light on dark, cropped, fitted
 * into 20 x 20 and centred by its centre of mass in 28 x 28 ({@link backprop.image.DigitImage}).
 */
package backprop.image;

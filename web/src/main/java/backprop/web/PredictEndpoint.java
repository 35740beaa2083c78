package backprop.web;

import backprop.image.DigitImage;
import backprop.nn.Network;

import java.io.IOException;
import java.util.Set;

/**
 * {@code POST /api/predict}: MNIST-style pixels as JSON, used as they are, or an image (PNG, JPEG,
 * GIF, BMP) that gets {@link DigitImage}'s preprocessing first. Answers with the digit, the
 * probabilities, the 784 pixels the network saw and every layer's activations.
 */
final class PredictEndpoint {
    static final Set<String> IMAGE_TYPES = Set.of("image/png", "image/jpeg", "image/jpg", "image/pjpeg",
            "image/gif", "image/bmp", "image/x-bmp", "image/x-ms-bmp");

    /** The response body. */
    record Answer(int digit, double[] probabilities, double[] pixels, float[][] activations) {
    }

    private final CurrentModel model;
    private final ImageDecoding images;

    PredictEndpoint(CurrentModel model, ImageDecoding images) {
        this.model = model;
        this.images = images;
    }

    void register(Router router) {
        router.add("POST", "/api/predict", this::predict);
    }

    void predict(Exchange exchange) throws IOException {
        String type = exchange.contentType();
        boolean json = type.equals("application/json");
        if (!json && !IMAGE_TYPES.contains(type)) {
            throw new ApiError(ApiError.UNSUPPORTED_MEDIA_TYPE, "send application/json {\"pixels\": [...]} or an image "
                    + "(image/png, image/jpeg, image/gif, image/bmp), not '" + (type.isEmpty() ? "no Content-Type" : type) + "'");
        }
        byte[] body = exchange.body();
        // The snapshot this request answers with, whatever training publishes meanwhile.
        Network network = model.require().network();
        double[] pixels = json ? pixelsFromJson(body, network) : pixelsFromImage(body, network);
        Prediction prediction = Prediction.of(network, pixels);
        exchange.sendJson(200, new Answer(prediction.digit(), prediction.probabilities(), pixels,
                prediction.activations()));
    }

    private static double[] pixelsFromJson(byte[] body, Network network) {
        JsonRequest request = Json.parseObject(body);
        request.rejectUnknown(Set.of("pixels"));
        return request.unitIntervalNumbers("pixels", network.inputSize());
    }

    private double[] pixelsFromImage(byte[] body, Network network) throws IOException {
        if (network.inputSize() != DigitImage.PIXELS) {
            throw ApiError.conflict("the model takes " + network.inputSize() + " inputs, but images become "
                    + DigitImage.PIXELS + " (28 x 28); send {\"pixels\": [...]} instead");
        }
        if (body.length == 0) {
            throw ApiError.badRequest("the request body is empty; send the image");
        }
        return images.pixels(body);
    }
}

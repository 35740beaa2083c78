package backprop.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A web server holding the gzipped files as {@code <base><name>.gz}, as MNIST's mirrors do. */
final class HttpMirrorSource implements FetchSource {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(3);

    private final URI base;

    /** @param base the directory URL, ending in "/" */
    HttpMirrorSource(URI base) {
        this.base = base;
    }

    @Override
    public String description() {
        return base.toString();
    }

    @Override
    public void fetch(List<String> fileNames, Path directory, Consumer<String> log) throws IOException {
        try (HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build()) {
            for (String name : fileNames) {
                URI uri = base.resolve(name + ".gz");
                log.accept("downloading " + uri);
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET().build();
                HttpResponse<InputStream> response = send(client, request);
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw new IOException("HTTP " + response.statusCode() + " for " + uri);
                    }
                    Files.copy(Gzip.decompressing(body), directory.resolve(name));
                }
            }
        }
    }

    private static HttpResponse<InputStream> send(HttpClient client, HttpRequest request) throws IOException {
        String host = request.uri().getHost();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new IOException("no connection to " + host + " within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + host + " within " + RESPONSE_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new IOException("cannot connect to " + host + ": " + reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("download interrupted");
        }
    }

    private static String reason(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException) {
                return "host name not found";
            }
        }
        return Fetcher.describe(e);
    }
}

package dev.tunnelgate.agent;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A response body collected into memory up to a limit. Past the limit it stops reading: an error body is cut
 * there ({@code truncate}), a state fails with {@link PortalClient.InvalidAnswer}. Collecting asynchronously is
 * what lets {@link PortalClient} put one deadline on the whole exchange; a blocking read of the body has none.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final boolean truncate;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.@Nullable Subscription subscription;

    LimitedBody(int limit, boolean truncate) {
        this.limit = limit;
        this.truncate = truncate;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            int room = limit - bytes.size();
            if (buffer.remaining() > room) {
                if (subscription != null) {
                    subscription.cancel();
                }
                if (truncate) {
                    copy(buffer, room);
                    result.complete(bytes.toByteArray());
                } else {
                    result.completeExceptionally(
                            new PortalClient.InvalidAnswer("the portal's answer is larger than " + limit + " bytes"));
                }
                return;
            }
            copy(buffer, buffer.remaining());
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    private void copy(ByteBuffer buffer, int count) {
        byte[] chunk = new byte[count];
        buffer.get(chunk);
        bytes.write(chunk, 0, count);
    }
}

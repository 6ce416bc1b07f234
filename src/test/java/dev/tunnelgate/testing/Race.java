package dev.tunnelgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tunnelgate.text.ConflictException;
import dev.tunnelgate.text.FieldKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Many requests at once: each action runs on a thread of its own, and a barrier releases them together, so they
 * start their checks at the same moment however loaded the machine is. Collects what each returned or threw.
 */
public final class Race {
    private Race() {}

    /** Runs the actions together and returns their outcomes in the same order. */
    public static <T> List<Outcome<T>> run(List<? extends Callable<T>> actions) {
        var barrier = new CyclicBarrier(actions.size());
        // One thread per action: a shared pool may have fewer threads than actions and run them one after the other.
        var threads = Executors.newFixedThreadPool(actions.size());
        try {
            var futures = new ArrayList<Future<T>>();
            for (var action : actions) {
                futures.add(threads.submit(() -> {
                    barrier.await(30, TimeUnit.SECONDS);
                    return action.call();
                }));
            }
            var outcomes = new ArrayList<Outcome<T>>();
            for (var future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(60, TimeUnit.SECONDS), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                }
            }
            return outcomes;
        } catch (Exception e) {
            throw new AssertionError("The race did not finish", e);
        } finally {
            threads.shutdownNow();
        }
    }

    /** {@code count} copies of one action. */
    public static <T> List<Outcome<T>> run(int count, Callable<T> action) {
        return run(java.util.Collections.nCopies(count, action));
    }

    /**
     * Asserts that exactly {@code winners} actions succeeded and every other one was refused as a user would be
     * without a race: a {@link ConflictException} on {@code field} (null: on no field) whose message contains
     * {@code message}.
     */
    public static void assertRefusedLikeOneByOne(
            List<? extends Outcome<?>> outcomes, int winners, @Nullable FieldKey field, String message) {
        assertThat(outcomes).as("outcomes").filteredOn(Outcome::succeeded).hasSize(winners);
        assertThat(outcomes)
                .as("refusals")
                .filteredOn(outcome -> !outcome.succeeded())
                .allSatisfy(outcome -> assertThat(outcome.error())
                        .isInstanceOf(ConflictException.class)
                        .hasMessageContaining(message)
                        .extracting(e -> ((ConflictException) e).field())
                        .isEqualTo(field));
    }

    /** What one action returned, or what it threw. */
    public record Outcome<T>(@Nullable T value, @Nullable Throwable error) {
        public boolean succeeded() {
            return error == null;
        }

        public static <T> Predicate<Outcome<T>> failedWith(Class<? extends Throwable> type) {
            return outcome -> type.isInstance(outcome.error());
        }

        @Override
        public String toString() {
            return error == null ? "ok: " + value : "failed: " + error;
        }
    }
}

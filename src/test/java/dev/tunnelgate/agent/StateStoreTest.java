package dev.tunnelgate.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tunnelgate.protocol.AgentWire;
import dev.tunnelgate.protocol.GatewayState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path dir;

    @Test
    void nothing_saved_yet_loads_as_empty() throws IOException {
        assertThat(new StateStore(dir).load()).isEmpty();
    }

    @Test
    void a_saved_snapshot_loads_back_and_replaces_the_previous_one_owner_only() throws IOException {
        var store = new StateStore(dir);
        var second = GatewayState.snapshot(2, AgentLoopTest.CONFIG, List.of(AgentLoopTest.B));

        store.save(AgentLoopTest.SNAPSHOT);
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));
        store.save(second);

        assertThat(new StateStore(dir).load()).contains(second);
        assertThat(Files.getPosixFilePermissions(store.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly(StateStore.FILE_NAME);
        }
    }

    @Test
    void a_damaged_file_or_a_delta_is_refused_with_the_file_named() throws IOException {
        var store = new StateStore(dir);
        String snapshot = AgentWire.encode(AgentLoopTest.SNAPSHOT);

        Files.writeString(store.file(), snapshot.substring(0, snapshot.length() - 4));
        assertThatThrownBy(store::load)
                .isInstanceOf(IOException.class)
                .hasMessageContaining(store.file().toString());

        Files.writeString(
                store.file(),
                AgentWire.encode(AgentLoopTest.delta(
                        1, 2, List.of(AgentLoopTest.A), List.of(), List.of(AgentLoopTest.B.publicKey()))));
        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("delta");
    }
}

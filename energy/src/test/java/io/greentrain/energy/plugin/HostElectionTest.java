package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostElectionTest {

    @TempDir
    Path lockDir;

    @Test
    void electsOneReaderPerHostAndApplication() {
        try (HostElection first = new HostElection(lockDir, "app-1");
             HostElection second = new HostElection(lockDir, "app-1")) {

            assertThat(first.tryLead()).isTrue();
            assertThat(second.tryLead()).isFalse();
            assertThat(first.tryLead()).as("the reader stays the reader").isTrue();
            assertThat(second.tryLead()).isFalse();
        }
    }

    @Test
    void letsAnotherCandidateLeadOnceTheReaderCloses() {
        try (HostElection second = new HostElection(lockDir, "app-1")) {
            HostElection first = new HostElection(lockDir, "app-1");
            assertThat(first.tryLead()).isTrue();
            assertThat(second.tryLead()).isFalse();

            first.close();

            assertThat(second.tryLead()).isTrue();
        }
    }

    @Test
    void electsAReaderForEachApplicationSeparately() {
        try (HostElection appOne = new HostElection(lockDir, "app-1");
             HostElection appTwo = new HostElection(lockDir, "app-2")) {

            assertThat(appOne.tryLead()).isTrue();
            assertThat(appTwo.tryLead()).isTrue();
        }
    }

    @Test
    void keepsTheLockFileInsideTheLockFolderWhateverTheApplicationIdContains() throws IOException {
        Path missing = lockDir.resolve("not/yet/there");
        try (HostElection election = new HostElection(missing, "app/../x y:1")) {

            assertThat(election.tryLead()).isTrue();
        }
        try (Stream<Path> files = Files.list(missing)) {
            assertThat(files).extracting(p -> p.getFileName().toString())
                    .containsExactly("greentrain-energy-app_.._x_y_1.lock");
        }
    }

    @Test
    void doesNotLeadWhenTheLockFolderCannotBeCreated() throws IOException {
        Path notAFolder = Files.writeString(lockDir.resolve("file"), "");
        try (HostElection election = new HostElection(notAFolder, "app-1")) {

            assertThat(election.tryLead()).isFalse();
        }
    }

    @Test
    void theLockDiesWithTheReadersProcess() throws Exception {
        Process reader = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), lockDir.toString(), "app-1")
                .redirectErrorStream(true).start();
        try (HostElection here = new HostElection(lockDir, "app-1")) {
            BufferedReader out = new BufferedReader(new InputStreamReader(reader.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("leading");

            assertThat(here.tryLead()).as("while the other process leads").isFalse();

            reader.destroyForcibly();
            assertThat(reader.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(here.tryLead()).as("after the other process died").isTrue();
        } finally {
            reader.destroyForcibly();
        }
    }

    /** Another executor's process: leads, says so, and holds the lock until it is killed. */
    static final class LockHolder {
        public static void main(String[] args) throws Exception {
            HostElection election = new HostElection(Path.of(args[0]), args[1]);
            System.out.println(election.tryLead() ? "leading" : "not leading");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
            election.close();
        }
    }
}

package backprop.cli;

import backprop.io.Provenance;
import picocli.CommandLine;

/** {@code backprop --version}: the library version and the Java running it. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
                "backprop " + Provenance.backpropVersion(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}

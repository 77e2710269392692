package dev.mlintern.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code mlintern --version}, from the jar manifest when there is one. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"mlintern " + (version == null ? "0.1.0-SNAPSHOT" : version)};
  }
}

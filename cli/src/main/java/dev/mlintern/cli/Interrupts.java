package dev.mlintern.cli;

import sun.misc.Signal;

/**
 * Routes Ctrl-C (SIGINT) to an action, such as interrupting the running turn, instead of killing
 * the JVM.
 */
final class Interrupts {
  private Interrupts() {}

  static void onInterrupt(Runnable action) {
    try {
      Signal.handle(new Signal("INT"), signal -> action.run());
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      // no signal support on this platform: Ctrl-C ends the process as usual
    }
  }
}

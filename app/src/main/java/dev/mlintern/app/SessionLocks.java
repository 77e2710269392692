package dev.mlintern.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One writer per session: a process holds an OS file lock on {@code locks/<session>.lock} (which
 * also names its pid) for as long as it runs the session, so a second {@code resume} or {@code
 * chat} of a live session is refused instead of interleaving its events. The operating system drops
 * the lock when the holder ends, {@code kill -9} included.
 */
final class SessionLocks implements AutoCloseable {
  private final Path folder;
  private final Map<String, FileLock> held = new HashMap<>();

  SessionLocks(Path folder) {
    this.folder = folder;
  }

  /** Takes the session's lock, or throws {@link SessionBusyException} naming the holder's pid. */
  synchronized void acquire(String sessionId) {
    if (held.containsKey(sessionId)) {
      return;
    }
    try {
      Files.createDirectories(folder);
      FileChannel channel =
          FileChannel.open(
              folder.resolve(sessionId + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        ByteBuffer text = ByteBuffer.allocate(32);
        channel.read(text, 0);
        channel.close();
        String pid = new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).strip();
        throw new SessionBusyException(
            "session "
                + sessionId
                + " is open in another mlintern process (pid "
                + (pid.isEmpty() ? "unknown" : pid)
                + "); close that one first, or wait for it to finish");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      held.put(sessionId, lock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    for (FileLock lock : held.values()) {
      try {
        lock.channel().close();
      } catch (IOException e) {
        // the process is ending; the OS drops the lock anyway
      }
    }
    held.clear();
  }
}

package io.github.flinktrader.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** Whether a local TCP port can be taken, checked before anything of the stack starts. */
final class Ports {

  private Ports() {}

  /**
   * Null when {@code port} is free on every interface; otherwise what is known of the holder (an
   * empty text when nothing more is known).
   */
  static String inUse(int port) {
    if (listening(port)) {
      return " (something answers on 127.0.0.1:" + port + ")";
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(port));
      return null;
    } catch (IOException e) {
      return "";
    }
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

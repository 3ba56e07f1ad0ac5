package io.searchbid.bench.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A minimal blocking HTTP/1.1 client connection with keep-alive: writes a request, reads the status
 * line, the headers and the body (Content-Length or chunked), discards the body. One per driver
 * thread; a broken or {@code Connection: close} connection is reopened for the next request.
 *
 * <p>Why not the JDK {@code HttpClient}: at a few thousand requests/s it spent about half a core of
 * a 2-core machine in its own threads, which the service under test needs. This one costs a couple
 * of system calls per request.
 */
final class HttpConnection implements AutoCloseable {

  private final InetSocketAddress address;
  private final int timeoutMillis;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final byte[] line = new byte[8192];
  private final byte[] skip = new byte[16384];

  HttpConnection(InetSocketAddress address, int timeoutMillis) {
    this.address = address;
    this.timeoutMillis = timeoutMillis;
  }

  /** Sends one request and returns the HTTP status; throws on I/O errors and timeouts (the connection is then closed). */
  int exchange(byte[] request) throws IOException {
    if (socket == null) {
      open();
    }
    try {
      out.write(request);
      out.flush();
      return readResponse();
    } catch (IOException e) {
      close();
      throw e;
    }
  }

  private void open() throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(timeoutMillis);
    s.connect(address, timeoutMillis);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16384);
    out = s.getOutputStream();
  }

  private int readResponse() throws IOException {
    int n = readLine();
    if (n < 12 || line[0] != 'H') {
      throw new IOException("malformed status line");
    }
    int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    while ((n = readLine()) > 0) {
      if (startsWithIgnoreCase(n, "content-length:")) {
        contentLength = parseLong(15, n);
      } else if (startsWithIgnoreCase(n, "transfer-encoding:") && containsIgnoreCase(n, "chunked")) {
        chunked = true;
      } else if (startsWithIgnoreCase(n, "connection:") && containsIgnoreCase(n, "close")) {
        close = true;
      }
    }
    if (chunked) {
      while (true) {
        int m = readLine();
        long size = 0;
        for (int i = 0; i < m; i++) {
          int d = Character.digit(line[i], 16);
          if (d < 0) {
            break;
          }
          size = size * 16 + d;
        }
        if (size == 0) {
          while (readLine() > 0) {
            // trailers
          }
          break;
        }
        skipFully(size);
        readLine();
      }
    } else if (contentLength > 0) {
      skipFully(contentLength);
    } else if (contentLength < 0 && status != 204 && status != 304 && !(status >= 100 && status < 200)) {
      // No length: the body runs to the end of the connection.
      while (in.read(skip) >= 0) {
        // discard
      }
      close = true;
    }
    if (close) {
      close();
    }
    return status;
  }

  private void skipFully(long n) throws IOException {
    while (n > 0) {
      int r = in.read(skip, 0, (int) Math.min(skip.length, n));
      if (r < 0) {
        throw new IOException("connection closed inside a body");
      }
      n -= r;
    }
  }

  /** Reads one CRLF-terminated line into {@link #line}; returns its length without CRLF. */
  private int readLine() throws IOException {
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed by the server");
      }
      if (b == '\n') {
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
      }
      if (n < line.length) {
        line[n++] = (byte) b;
      }
    }
  }

  private boolean startsWithIgnoreCase(int n, String prefix) {
    if (n < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase(line[i]) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private boolean containsIgnoreCase(int n, String word) {
    return new String(line, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT).contains(word);
  }

  private long parseLong(int from, int to) {
    long v = 0;
    for (int i = from; i < to; i++) {
      byte b = line[i];
      if (b >= '0' && b <= '9') {
        v = v * 10 + (b - '0');
      }
    }
    return v;
  }

  static boolean isTimeout(IOException e) {
    return e instanceof SocketTimeoutException;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing a broken socket
      }
    }
    socket = null;
    in = null;
    out = null;
  }
}

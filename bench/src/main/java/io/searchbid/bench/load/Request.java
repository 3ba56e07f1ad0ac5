package io.searchbid.bench.load;

import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request of the load driver, pre-encoded so the send path does no formatting.
 *
 * @param method {@code GET}, {@code POST}, ...
 * @param pathAndQuery e.g. {@code /v1/search?q=red%20dress}; must already be URL-encoded
 * @param headers extra header lines without the trailing CRLF (e.g. {@code Accept: application/json})
 * @param body request body, or null
 */
public record Request(String method, String pathAndQuery, String[] headers, byte[] body) {

  public static Request get(String pathAndQuery, String... headers) {
    return new Request("GET", pathAndQuery, headers, null);
  }

  /** The bytes on the wire for {@code host:port}. */
  byte[] encode(String hostHeader) {
    StringBuilder sb = new StringBuilder(128);
    sb.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    if (body != null) {
      sb.append("Content-Length: ").append(body.length).append("\r\n");
    }
    sb.append("\r\n");
    byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
    if (body == null) {
      return head;
    }
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return all;
  }
}

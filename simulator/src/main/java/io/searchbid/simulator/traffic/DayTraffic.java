package io.searchbid.simulator.traffic;

/**
 * One simulated day's searches in time order, as parallel primitive arrays (no object per search).
 * {@code queryIds[i]} indexes the simulation's {@link Vocabulary}; {@code seconds[i]} is the second
 * of the day in [0, 86400); {@code segments[i]} indexes the user model's segments.
 * Owned by the day loop; not copied (hot path).
 */
public record DayTraffic(int day, int[] queryIds, int[] seconds, byte[] segments) {
  public int size() {
    return queryIds.length;
  }
}

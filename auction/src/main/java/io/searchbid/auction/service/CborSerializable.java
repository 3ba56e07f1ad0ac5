package io.searchbid.auction.service;

/**
 * Marker for every message, event and state that crosses the wire or lands in the journal. Bound
 * to Pekko's {@code jackson-cbor} serializer in {@code searchbid-service.conf}; records are
 * serialized by their components, so renaming a component is a breaking change of the journal.
 */
public interface CborSerializable {}

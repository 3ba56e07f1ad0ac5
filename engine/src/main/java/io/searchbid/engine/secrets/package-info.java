/**
 * The service's secrets — admin keys and click-token signing keys — from a secrets file or from the
 * environment, and their replacement while the service runs (key rotation without restart).
 *
 * <p>Nothing here writes a secret to a log, an exception message or a {@code toString()}: messages
 * name the property or key id and the rule broken. Depends on the auction core's
 * {@code ClickKeyRing} only; must not depend on the HTTP layer or on actors.
 */
package io.searchbid.engine.secrets;

/** The {@code serve} command (picocli) and its {@code --demo} data. */
package io.searchbid.engine.cli;

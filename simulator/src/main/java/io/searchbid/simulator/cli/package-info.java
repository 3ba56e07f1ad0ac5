/**
 * Command-line entry points: simulate and traffic generate (picocli).
 */
package io.searchbid.simulator.cli;

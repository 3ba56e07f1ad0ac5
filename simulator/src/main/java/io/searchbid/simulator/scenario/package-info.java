/**
 * Scenario files: the immutable model of a simulation setup and its YAML loader with path-naming validation and variant merging. Depends on Jackson only (and the strategy registry for parameter checks).
 */
package io.searchbid.simulator.scenario;

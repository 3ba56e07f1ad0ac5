/**
 * Outputs of a simulation: daily CSVs, summary JSON, the HTML report with XChart charts, the console table. Display edge: money is formatted here, nowhere else.
 */
package io.searchbid.simulator.report;

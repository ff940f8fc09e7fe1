#pragma once
// The HTML report written beside the JUnit for every run (and by `atconform merge`): one
// self-contained file (inline CSS, script and SVG; nothing fetched), for people:
//   - per run (rig): its identity (firmware AT+GMR lines, chip, profile and its hash, rig,
//     link, atconform version, run id, shard, date, duration, host) and verdict counts;
//   - the clause matrix (clause_matrix.hpp), colour and word in every cell;
//   - plots (plot_data.hpp): packet interval and size against the 20 ms / 2048-byte rule,
//     measured packet sizes, response latency per command, throughput, boot time;
//   - every test: purpose, clause, verdict and reason, measurements and observations, and its
//     timeline (each DUT's transcript both ways and the peers, on one time axis, non-printable
//     bytes escaped), filterable; a closed <details> a click opens.
#include <filesystem>
#include <string>
#include <vector>

#include "reports/run_result.hpp"

namespace atc::report {

struct HtmlOptions {
  std::string tool_version;  // the atconform that wrote the page
  // Longest text shown in one timeline cell; the rest is counted, and is in the attachment.
  std::size_t max_cell_bytes = 4096;
};

std::string to_html(const std::vector<RunResult>& runs, const HtmlOptions& options = {});
// Atomic like the JUnit (atomic_file.hpp); std::runtime_error naming the path on failure.
void write_html(const std::vector<RunResult>& runs, const std::filesystem::path& path,
                const HtmlOptions& options = {});

// The HTML file written beside a JUnit file: the same name with ".html" ("junit-x.xml" ->
// "junit-x.html").
std::filesystem::path html_path_for(const std::filesystem::path& junit);

}  // namespace atc::report

#pragma once
// The certificate a vendor hands to a customer (`atconform certificate REPORT.xml... -o FILE`):
// per section of each DUT's document, the verdict or why there is none (clause_matrix.hpp);
// the firmware identity (AT+GMR), the profile and its SHA-256, the rig, the run's date and id,
// the atconform versions (that ran, that certified), and the SHA-256 of every report it was
// made from plus one over them all. Shards of a run are merged (merge.hpp); a missing or
// contradicting shard is named at the top and the certificate says it is incomplete.
#include <string>
#include <vector>

#include "reports/merge.hpp"

namespace atc::report {

struct CertificateOptions {
  std::string tool_version;  // the atconform making the certificate
  std::chrono::system_clock::time_point issued = std::chrono::system_clock::now();
};

// SHA-256 over the reports: the hex digests of the files, sorted, one per line.
std::string reports_digest(const std::vector<ReportInput>& inputs);

std::string certificate_markdown(const std::vector<ReportInput>& inputs, const MergedRuns& merged,
                                 const CertificateOptions& options);
std::string certificate_html(const std::vector<ReportInput>& inputs, const MergedRuns& merged,
                             const CertificateOptions& options);

}  // namespace atc::report

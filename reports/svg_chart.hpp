#pragma once
// Small inline SVG charts for the HTML report: no script, no external file, readable in print
// (every chart says in text what it shows, and reference lines are labelled, not only coloured).
#include <string>
#include <vector>

namespace atc::report::svg {

struct Point {
  double x = 0, y = 0;
  std::string tip;   // the hover text (<title>)
  bool bad = false;  // drawn as a hollow red mark: outside the rule
};

struct Reference {
  double at = 0;
  std::string label;  // "20 ms", "2048 B"
};

struct Axis {
  std::string label;
  bool log = false;
  std::vector<Reference> refs;  // lines across the plot at these values
};

struct Bar {
  std::string label;
  double value = 0;
  std::string tip;
  bool bad = false;
};

struct Box {
  std::string label;  // a row: "AT+CWJAP (12)"
  std::vector<double> samples;
};

// Each returns an SVG element (600 px wide, scaled down by CSS); `title` is its <title>.
std::string scatter(const std::string& title, const Axis& x, const Axis& y,
                    const std::vector<Point>& points);
std::string bars(const std::string& title, const Axis& y, const std::vector<Bar>& bars);
// One row per box: min-max whisker, the middle half as a box, the median as a bar; x axis.
std::string boxes(const std::string& title, const Axis& x, const std::vector<Box>& rows);

// Text escaped for HTML and SVG (&, <, >, ", ').
std::string escape(const std::string& text);

}  // namespace atc::report::svg

#include "reports/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace atc::report::svg {
namespace {

constexpr double kWidth = 600, kLeft = 70, kRight = 20, kTop = 24, kBottom = 44;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// A tick label: 3 significant digits, no exponent; k and M for large values (30M, not
// 30000000).
std::string tick(double v) {
  char buf[32];
  if (std::fabs(v) >= 1e6)
    std::snprintf(buf, sizeof buf, "%.3gM", v / 1e6);
  else if (std::fabs(v) >= 1e4)
    std::snprintf(buf, sizeof buf, "%.3gk", v / 1e3);
  else if (std::fabs(v) >= 1000 || v == std::floor(v))
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else
    std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

struct Scale {
  double lo = 0, hi = 1, from = 0, to = 1;
  bool log = false;
  double operator()(double v) const {
    double a = lo, b = hi;
    if (log) {
      v = std::log10(std::max(v, 1e-3));
      a = std::log10(a);
      b = std::log10(b);
    }
    if (b <= a) return from;
    return from + (v - a) / (b - a) * (to - from);
  }
  std::vector<double> ticks() const {
    std::vector<double> out;
    if (log) {
      for (double p = std::pow(10, std::floor(std::log10(lo))); p <= hi * 1.0001; p *= 10)
        if (p >= lo * 0.9999) out.push_back(p);
      return out;
    }
    const double span = hi - lo;
    const double raw = span / 5;
    const double mag = std::pow(10, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : {1.0, 2.0, 5.0, 10.0})
      if (raw <= m * mag) {
        step = m * mag;
        break;
      }
    for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-6; t += step) out.push_back(t);
    return out;
  }
};

Scale make_scale(std::vector<double> values, const Axis& a, double from, double to) {
  for (const auto& r : a.refs) values.push_back(r.at);
  Scale s;
  s.from = from;
  s.to = to;
  s.log = a.log;
  if (values.empty()) values = {0, 1};
  double lo = *std::min_element(values.begin(), values.end());
  double hi = *std::max_element(values.begin(), values.end());
  if (a.log) {
    lo = std::pow(10, std::floor(std::log10(std::max(lo, 1e-3))));
    hi = std::pow(10, std::ceil(std::log10(std::max(hi, lo * 10))));
  } else {
    lo = std::min(lo, 0.0);
    hi = hi <= lo ? lo + 1 : hi * 1.08;
  }
  s.lo = lo;
  s.hi = hi;
  return s;
}

std::string header(const std::string& title, double height) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + num(kWidth) + " " +
         num(height) + "\" role=\"img\" class=\"chart\"><title>" + escape(title) + "</title>";
}

std::string x_axis(const Scale& sx, double y0, const Axis& a, double height) {
  std::string s = "<g class=\"axis\">";
  for (double t : sx.ticks()) {
    const double x = sx(t);
    s += "<line x1=\"" + num(x) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(x) + "\" y2=\"" +
         num(y0) + "\" class=\"grid\"/><text x=\"" + num(x) + "\" y=\"" + num(y0 + 14) +
         "\" text-anchor=\"middle\">" + tick(t) + "</text>";
  }
  s += "<text x=\"" + num((kLeft + kWidth - kRight) / 2) + "\" y=\"" + num(height - 6) +
       "\" text-anchor=\"middle\">" + escape(a.label) + "</text></g>";
  for (const auto& r : a.refs) {
    const double x = sx(r.at);
    s += "<line x1=\"" + num(x) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(x) + "\" y2=\"" +
         num(y0) + "\" class=\"ref\"/><text x=\"" + num(x + 3) + "\" y=\"" + num(kTop + 10) +
         "\" class=\"reflabel\">" + escape(r.label) + "</text>";
  }
  return s;
}

std::string y_axis(const Scale& sy, double x1, const Axis& a, double y0) {
  std::string s = "<g class=\"axis\">";
  for (double t : sy.ticks()) {
    const double y = sy(t);
    s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x1) + "\" y2=\"" +
         num(y) + "\" class=\"grid\"/><text x=\"" + num(kLeft - 4) + "\" y=\"" + num(y + 4) +
         "\" text-anchor=\"end\">" + tick(t) + "</text>";
  }
  s += "<text x=\"12\" y=\"" + num((kTop + y0) / 2) + "\" transform=\"rotate(-90 12 " +
       num((kTop + y0) / 2) + ")\" text-anchor=\"middle\">" + escape(a.label) + "</text></g>";
  for (const auto& r : a.refs) {
    const double y = sy(r.at);
    s += "<line x1=\"" + num(kLeft) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x1) + "\" y2=\"" +
         num(y) + "\" class=\"ref\"/><text x=\"" + num(x1 - 3) + "\" y=\"" + num(y - 3) +
         "\" text-anchor=\"end\" class=\"reflabel\">" + escape(r.label) + "</text>";
  }
  return s;
}

}  // namespace

std::string escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string scatter(const std::string& title, const Axis& x, const Axis& y,
                    const std::vector<Point>& points) {
  const double height = 300, y0 = height - kBottom, x1 = kWidth - kRight;
  std::vector<double> xs, ys;
  for (const auto& p : points) {
    xs.push_back(p.x);
    ys.push_back(p.y);
  }
  const Scale sx = make_scale(xs, x, kLeft, x1);
  const Scale sy = make_scale(ys, y, y0, kTop);
  std::string s = header(title, height) + x_axis(sx, y0, x, height) + y_axis(sy, x1, y, y0);
  for (const auto& p : points)
    s += "<circle cx=\"" + num(sx(p.x)) + "\" cy=\"" + num(sy(p.y)) + "\" r=\"3\" class=\"" +
         (p.bad ? "pt bad" : "pt") + "\"><title>" + escape(p.tip) + "</title></circle>";
  return s + "</svg>";
}

std::string bars(const std::string& title, const Axis& y, const std::vector<Bar>& list) {
  const double height = 300, y0 = height - kBottom, x1 = kWidth - kRight;
  std::vector<double> ys;
  for (const auto& b : list) ys.push_back(b.value);
  const Scale sy = make_scale(ys, y, y0, kTop);
  std::string s = header(title, height) + y_axis(sy, x1, y, y0);
  const double slot = list.empty() ? 1 : (x1 - kLeft) / static_cast<double>(list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& b = list[i];
    const double top = sy(b.value), left = kLeft + slot * static_cast<double>(i) + slot * 0.15;
    s += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(slot * 0.7) +
         "\" height=\"" + num(std::max(0.0, y0 - top)) + "\" class=\"" +
         (b.bad ? "bar bad" : "bar") + "\"><title>" + escape(b.tip) + "</title></rect>";
    if (list.size() <= 12)
      s += "<text x=\"" + num(left + slot * 0.35) + "\" y=\"" + num(y0 + 14) +
           "\" text-anchor=\"middle\" class=\"small\">" + escape(b.label) + "</text><text x=\"" +
           num(left + slot * 0.35) + "\" y=\"" + num(std::max(kTop + 10, top - 3)) +
           "\" text-anchor=\"middle\" class=\"small\">" + tick(b.value) + "</text>";
  }
  return s + "</svg>";
}

std::string boxes(const std::string& title, const Axis& x, const std::vector<Box>& rows) {
  const double row_h = 16, height = kTop + row_h * static_cast<double>(rows.size()) + kBottom;
  const double y0 = height - kBottom, left = 150, x1 = kWidth - kRight;
  std::vector<double> all;
  for (const auto& r : rows) all.insert(all.end(), r.samples.begin(), r.samples.end());
  const Scale sx = make_scale(all, x, left, x1);
  std::string s = header(title, height) + "<g class=\"axis\">";
  for (double t : sx.ticks()) {
    const double px = sx(t);
    s += "<line x1=\"" + num(px) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(px) + "\" y2=\"" +
         num(y0) + "\" class=\"grid\"/><text x=\"" + num(px) + "\" y=\"" + num(y0 + 14) +
         "\" text-anchor=\"middle\">" + tick(t) + "</text>";
  }
  s += "<text x=\"" + num((left + x1) / 2) + "\" y=\"" + num(height - 6) +
       "\" text-anchor=\"middle\">" + escape(x.label) + "</text></g>";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<double> v = rows[i].samples;
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    auto q = [&](double f) {
      return v[static_cast<std::size_t>(f * static_cast<double>(v.size() - 1))];
    };
    const double cy = kTop + row_h * static_cast<double>(i) + row_h / 2;
    const std::string tip = rows[i].label + ": min " + tick(v.front()) + ", median " +
                            tick(q(0.5)) + ", max " + tick(v.back()) + " " + x.label;
    s += "<g><title>" + escape(tip) + "</title><text x=\"" + num(left - 6) + "\" y=\"" +
         num(cy + 4) + "\" text-anchor=\"end\" class=\"small\">" + escape(rows[i].label) +
         "</text><line x1=\"" + num(sx(v.front())) + "\" y1=\"" + num(cy) + "\" x2=\"" +
         num(sx(v.back())) + "\" y2=\"" + num(cy) + "\" class=\"whisker\"/><rect x=\"" +
         num(sx(q(0.25))) + "\" y=\"" + num(cy - 5) + "\" width=\"" +
         num(std::max(1.0, sx(q(0.75)) - sx(q(0.25)))) +
         "\" height=\"10\" class=\"box\"/><line x1=\"" + num(sx(q(0.5))) + "\" y1=\"" +
         num(cy - 6) + "\" x2=\"" + num(sx(q(0.5))) + "\" y2=\"" + num(cy + 6) +
         "\" class=\"median\"/></g>";
  }
  return s + "</svg>";
}

}  // namespace atc::report::svg

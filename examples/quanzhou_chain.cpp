// SPDX-License-Identifier: MIT
// The built-in Quanzhou scenario through edplan::scenario::run, as the bureau's planning platform
// embeds the engine: the platform reads its own tables into arrays (here a small reader of the
// scenario's plain CSV files), and one call computes what `edplan run` computes — population,
// school-place demand (general senior high and vocational school splitting the junior graduates),
// the balance against places, the expansion programme and kindergarten shares. The figures
// printed are those of `edplan run` on the same scenario.
//
//   example_quanzhou_chain python/edplan/data/quanzhou
#include <edplan/edplan.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace edplan;

namespace {

// One CSV table of the built-in scenario: a header and rows of plain fields (no quoting).
struct Table {
  std::map<std::string, std::size_t> column;
  std::vector<std::vector<std::string>> rows;
  [[nodiscard]] const std::string& at(std::size_t row, const std::string& name) const { return rows[row][column.at(name)]; }
  [[nodiscard]] double number(std::size_t row, const std::string& name) const { return std::stod(at(row, name)); }
};

Table read(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  Table t;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> fields;
    std::stringstream ss(line);
    for (std::string f; std::getline(ss, f, ',');) fields.push_back(f);
    if (line.back() == ',') fields.emplace_back();
    if (header) {
      for (std::size_t i = 0; i < fields.size(); ++i) t.column[fields[i]] = i;
      header = false;
    } else {
      t.rows.push_back(std::move(fields));
    }
  }
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "python/edplan/data/quanzhou";
  constexpr int base_year = 2023, horizon = 2040, T = horizon - base_year;
  constexpr index_t ages = 101;

  // Regions in the order of the population table; population (R, 2, 101).
  const auto pop = read(dir + "/population.csv");
  std::vector<std::string> regions;
  std::map<std::string, index_t> region;
  for (std::size_t i = 0; i < pop.rows.size(); ++i) {
    if (region.emplace(pop.at(i, "region"), static_cast<index_t>(regions.size())).second) regions.push_back(pop.at(i, "region"));
  }
  const auto R = static_cast<index_t>(regions.size());
  std::vector<double> base(static_cast<std::size_t>(R * 2 * ages));
  for (std::size_t i = 0; i < pop.rows.size(); ++i) {
    const index_t r = region.at(pop.at(i, "region")), s = pop.at(i, "sex") == "M" ? 1 : 0;
    base[static_cast<std::size_t>((r * 2 + s) * ages + static_cast<index_t>(pop.number(i, "age")))] = pop.number(i, "count");
  }
  std::vector<double> survival(2 * ages);  // one schedule for every region and year
  const auto surv = read(dir + "/survival.csv");
  for (std::size_t i = 0; i < surv.rows.size(); ++i) {
    survival[static_cast<std::size_t>((surv.at(i, "sex") == "M" ? ages : 0) + static_cast<index_t>(surv.number(i, "age")))] =
        surv.number(i, "survival");
  }
  std::vector<double> fertility(static_cast<std::size_t>(R * population::fertile_ages));  // by region
  const auto fert = read(dir + "/fertility.csv");
  for (std::size_t i = 0; i < fert.rows.size(); ++i) {
    fertility[static_cast<std::size_t>(region.at(fert.at(i, "region")) * population::fertile_ages +
                                       static_cast<index_t>(fert.number(i, "age")) - population::first_fertile_age)] =
        fert.number(i, "rate");
  }
  // Net migration by region, sex and age, the same every year: (R, 1, 2, 101).
  std::vector<double> migration(static_cast<std::size_t>(R * 2 * ages));
  const auto mig = read(dir + "/migration.csv");
  for (std::size_t i = 0; i < mig.rows.size(); ++i) {
    const index_t r = region.at(mig.at(i, "region")), s = mig.at(i, "sex") == "M" ? 1 : 0;
    migration[static_cast<std::size_t>((r * 2 + s) * ages + static_cast<index_t>(mig.number(i, "age")))] = mig.number(i, "net");
  }
  // Observed births: (R, NB) from their first year for the enrolment, (R, T) for the projection.
  const auto births_t = read(dir + "/births.csv");
  int first_birth = base_year;
  for (std::size_t i = 0; i < births_t.rows.size(); ++i) first_birth = std::min(first_birth, static_cast<int>(births_t.number(i, "year")));
  const index_t NB = base_year - first_birth + 1;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> births(static_cast<std::size_t>(R * NB), nan), observed(static_cast<std::size_t>(R * T), nan);
  for (std::size_t i = 0; i < births_t.rows.size(); ++i) {
    const index_t r = region.at(births_t.at(i, "region"));
    const int y = static_cast<int>(births_t.number(i, "year"));
    births[static_cast<std::size_t>(r * NB + y - first_birth)] = births_t.number(i, "births");
    if (y >= base_year && y < horizon) observed[static_cast<std::size_t>(r * T + y - base_year)] = births_t.number(i, "births");
  }

  // Levels as in scenario.toml; history (R, H, G) with grades on one axis (kindergarten ages
  // first, then grades 1-9, general senior high 10-12 and vocational 10-12).
  auto kindergarten = enrolment::default_levels()[0];
  kindergarten.ger = YearPath({{2023, 0.95}, {2030, 0.98}}, "levels.kindergarten.ger");
  auto senior = enrolment::senior_level();
  senior.kind = enrolment::Kind::transition;
  senior.share = YearPath({{2012, 0.536}, {2023, 0.596}}, "levels.senior.share");
  senior.complement = "vocational";
  auto vocational = senior;
  vocational.name = "vocational";
  vocational.share = {};
  vocational.complement = {};
  const std::vector<enrolment::Level> levels{kindergarten, enrolment::default_levels()[1], enrolment::default_levels()[2],
                                             senior, vocational};
  const std::map<std::string, index_t> level{{"kindergarten", 0}, {"primary", 1}, {"junior", 2}, {"senior", 3},
                                             {"vocational", 4}};
  constexpr index_t L = 5, G = 18;
  const auto hist = read(dir + "/enrolment.csv");
  int first_year = base_year;
  for (std::size_t i = 0; i < hist.rows.size(); ++i) first_year = std::min(first_year, static_cast<int>(hist.number(i, "year")));
  const index_t H = base_year - first_year + 1;
  std::vector<double> history(static_cast<std::size_t>(R * H * G), nan);
  for (std::size_t i = 0; i < hist.rows.size(); ++i) {
    const std::string& lv = hist.at(i, "level");
    const auto grade = static_cast<index_t>(hist.number(i, "grade"));
    // ages 1..3 → 0..2, grades 1..12 → 3..14, vocational grades 10..12 → 15..17
    const index_t g = lv == "kindergarten" ? grade - 1 : lv == "vocational" ? grade + 5 : grade + 2;
    history[static_cast<std::size_t>((region.at(hist.at(i, "region")) * H + static_cast<index_t>(hist.number(i, "year")) - first_year) * G + g)] =
        hist.number(i, "pupils");
  }

  // Places (R, L) and the projects: planned ones change places, candidates go to the scheduler,
  // completed ones (2021-2023) are in the base places already.
  const auto cap = read(dir + "/capacity.csv");
  std::vector<double> places(static_cast<std::size_t>(R * L)), classes(static_cast<std::size_t>(R * L));
  for (std::size_t i = 0; i < cap.rows.size(); ++i) {
    const auto k = static_cast<std::size_t>(region.at(cap.at(i, "region")) * L + level.at(cap.at(i, "level")));
    places[k] = cap.number(i, "places");
    classes[k] = cap.number(i, "classes");
  }
  scenario::Places p{View<const double, 2>(places.data(), {R, L}), View<const double, 2>(classes.data(), {R, L}), {}};
  scenario::Programme programme;
  const auto projects = read(dir + "/projects.csv");
  for (std::size_t i = 0; i < projects.rows.size(); ++i) {
    const std::string& status = projects.at(i, "status");
    const index_t r = region.at(projects.at(i, "region")), l = level.at(projects.at(i, "level"));
    if (status == "planned") {
      p.changes.push_back({projects.at(i, "id"), r, l, projects.number(i, "places"), static_cast<int>(projects.number(i, "open_year"))});
    } else if (status == "candidate") {
      const std::string& land = projects.at(i, "land_year");
      programme.candidates.push_back({projects.at(i, "id"), r, l, projects.number(i, "places"), projects.number(i, "cost"),
                                      land.empty() ? base_year + 1 : static_cast<int>(std::stod(land))});
    }
  }
  programme.stages = {{1, 1}, {1, 2}, {1, 2}, {1, 2}, {1, 2}};
  programme.budget = {3.5e9};
  programme.max_per_batch = 19;

  // Kindergartens by sector, pupils observed in the base year.
  const auto kg = read(dir + "/kindergartens.csv");
  const std::map<std::string, index_t> sector{{"public", 0}, {"inclusive", 1}, {"private", 2}};
  std::vector<double> kg_places(static_cast<std::size_t>(R * 3)), kg_pupils(static_cast<std::size_t>(R * 3));
  for (std::size_t i = 0; i < kg.rows.size(); ++i) {
    const auto k = static_cast<std::size_t>(region.at(kg.at(i, "region")) * 3 + sector.at(kg.at(i, "sector")));
    kg_places[k] += kg.number(i, "places");
    kg_pupils[k] += kg.number(i, "pupils");
  }
  scenario::Preschool preschool;
  preschool.level = 0;
  preschool.places = View<const double, 2>(kg_places.data(), {R, 3});
  preschool.pupils = View<const double, 2>(kg_pupils.data(), {R, 3});
  for (const auto& c : p.changes) {
    if (c.level == 0) preschool.changes.push_back(c);
  }

  scenario::Scenario s;
  s.name = "Quanzhou";
  s.base_year = base_year;
  s.horizon = horizon;
  s.regions = regions;
  s.population.base = View<const double, 3>(base.data(), {R, 2, ages});
  s.population.survival = View<const double, 4>(survival.data(), {1, 1, 2, ages});
  s.population.fertility = View<const double, 3>(fertility.data(), {R, 1, population::fertile_ages});
  s.population.births = View<const double, 2>(observed.data(), {R, T});
  s.population.migration = View<const double, 4>(migration.data(), {R, 1, 2, ages});
  s.birth.srb = 1.12;
  s.birth.birth_survival = {0.995, 0.994};
  s.levels = levels;
  s.history = View<const double, 3>(history.data(), {R, H, G});
  s.births_first_year = first_birth;
  s.births = View<const double, 2>(births.data(), {R, NB});
  s.places = p;
  s.programme = programme;
  s.preschool = preschool;

  const auto res = scenario::run(s);

  // City junior pupils by year and their peak.
  const auto& totals = res.regions.totals;
  index_t peak = 0;
  std::vector<double> junior(T, 0.0);
  for (index_t t = 0; t < T; ++t) {
    for (index_t r = 0; r < R; ++r) junior[static_cast<std::size_t>(t)] += totals(r, t, 2);
    if (junior[static_cast<std::size_t>(t)] > junior[static_cast<std::size_t>(peak)]) peak = t;
  }
  std::printf("junior demand peaks in %d: %.0f pupils\n", base_year + 1 + static_cast<int>(peak),
              junior[static_cast<std::size_t>(peak)]);
  const index_t jinjiang = region.at("晋江市"), t2029 = 2029 - base_year - 1;
  std::printf("Jinjiang junior 2029: demand %.0f, places %.0f, deficit %.0f\n", totals(jinjiang, t2029, 2),
              res.places->capacity(jinjiang, t2029, 2), res.places->balance.deficit(jinjiang, t2029, 2));
  int chosen = 0;
  for (const int y : res.programme->land_years) chosen += y != capacity::not_chosen;
  const auto& o = res.programme->outcome.totals;
  std::printf("programme: %d schools, %.0f unmet place-years, cost %.0f million, %.0f stranded place-years\n", chosen,
              o.unmet, o.cost / 1e6, o.stranded);
  const auto& k = *res.preschool;
  double pub = 0, placed = 0;
  const index_t t2025 = 2025 - k.first_year;
  for (index_t r = 0; r < R; ++r) {
    pub += k.shares.pupils(r, t2025, 0);
    placed += k.shares.pupils(r, t2025, 0) + k.shares.pupils(r, t2025, 1) + k.shares.pupils(r, t2025, 2);
  }
  std::printf("kindergartens 2025: public share %.3f\n", pub / placed);
  return 0;
}

// SPDX-License-Identifier: MIT
// Core bindings: InputError becomes edplan.InputError (a ValueError defined in Python, so that
// Python loaders raise the same class) with every problem as (where, message) pairs.
#include "bindings.hpp"

#include <edplan/core/float_text.hpp>
#include <edplan/core/memory_pass.hpp>
#include <edplan/core/parallel.hpp>
#include <edplan/core/sum.hpp>

#include <cstdint>
#include <cstring>
#include <vector>

namespace edplan::python {

void register_core(py::module_& m) {
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      py::list problems;
      for (const auto& problem : e.problems()) problems.append(py::make_tuple(problem.where, problem.message));
      const py::object type = py::module_::import("edplan.errors").attr("InputError");
      const py::object error = type(problems);
      PyErr_SetObject(type.ptr(), error.ptr());
    }
  });
  m.def("python_repr_width", [] { return python_repr_width; }, "The widest text python_reprs writes.");
  m.def(
      "python_reprs",
      [](const DoubleArray& x, py::array_t<std::uint8_t, py::array::c_style> out) {
        const auto n = static_cast<index_t>(x.size());
        if (out.ndim() != 2 || out.shape(0) != n || out.shape(1) != python_repr_width) {
          throw InputError("out", "expected a (len(x), python_repr_width()) uint8 array");
        }
        auto* o = reinterpret_cast<char*>(out.mutable_data());
        const double* v = x.data();
        const py::gil_scoped_release release;
        parallel_for(
            n, [&](index_t i) {
              char* row = o + i * python_repr_width;
              const int k = python_repr(v[i], row);
              std::memset(row + k, 0, static_cast<std::size_t>(python_repr_width - k));
            });
      },
      py::arg("x"), py::arg("out"),
      "Writes repr(x[i]) (Python's text of a float, as pandas writes it in a CSV) into row i of out, padded with NUL "
      "bytes: the fields of a numpy S array of width python_repr_width().");
  m.def("default_threads", &default_threads,
        "Threads used when a function is given threads=0: $EDPLAN_NUM_THREADS, else the core count.");

  m.def(
      "memory_pass",
      [](const DoubleArray& x, int threads) {
        const py::gil_scoped_release release;
        return memory_pass(x.data(), static_cast<index_t>(x.size()), threads);
      },
      py::arg("values"), py::kw_only(), py::arg("threads") = 0,
      "One parallel read of an array (its sum, in fixed blocks): the memory floor the benchmarks hold kernels against.");

  // The summations of edplan/core/sum.hpp, bound so that tests can hold them against numpy and pandas.
  py::enum_<GroupSum>(m, "GroupSum", "How group_sums adds each group's values.")
      .value("kahan", GroupSum::kahan, "Kahan in row order, NaN skipped (pandas' Cython groupby sum).")
      .value("reduceat", GroupSum::reduceat, "First value + numpy pairwise sum of the rest (np.add.reduceat).");
  m.def("kahan_sum", [](const DoubleArray& x) { return kahan_sum(x.data(), static_cast<index_t>(x.size())); },
        py::arg("values"), "Kahan's compensated sum in order, as pandas' groupby sum runs it (NaN skipped).");
  m.def("pairwise_sum", [](const DoubleArray& x) { return pairwise_sum(x.data(), static_cast<index_t>(x.size())); },
        py::arg("values"), "numpy's pairwise sum, as np.sum of a 1-D float64 array.");
  m.def("reduceat_sum", [](const DoubleArray& x) { return reduceat_sum(x.data(), static_cast<index_t>(x.size())); },
        py::arg("values"), "One segment of np.add.reduceat: the first value + the pairwise sum of the rest.");
  m.def("pandas_group_sum", [](const CArray<index_t>& ids, bool nan_in_block) {
          return pandas_group_sum(View<const index_t, 1>(ids.data(), {static_cast<index_t>(ids.size())}), nan_in_block);
        },
        py::arg("ids"), py::arg("nan_in_block"), "The rule pandas' groupby sum picks for rows with these group codes.");
  m.def("group_sums",
        [](const CArray<index_t>& ids, const DoubleArray& values, index_t groups, GroupSum how) {
          const auto sums = group_sums(View<const index_t, 1>(ids.data(), {static_cast<index_t>(ids.size())}),
                                       View<const double, 1>(values.data(), {static_cast<index_t>(values.size())}),
                                       groups, how);
          return py::array_t<double>(static_cast<py::ssize_t>(sums.size()), sums.data());
        },
        py::arg("ids"), py::arg("values"), py::arg("groups"), py::arg("how"),
        "Per-group totals of values by rule how (group ids in [0, groups)).");
}

}  // namespace edplan::python

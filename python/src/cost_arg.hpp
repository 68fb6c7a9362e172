// SPDX-License-Identifier: MIT
#pragma once

// A cost matrix argument (dense numpy array, or the CSR tuple edplan.coverage builds from a
// scipy.sparse matrix) as the engine's CostMatrix, with the arrays it views kept alive.

#include "bindings.hpp"

#include <edplan/coverage/links.hpp>

#include <cstdint>
#include <vector>

namespace edplan::python {


/// A cost matrix and the numpy arrays it views (kept alive for the call).
struct CostArg {
  coverage::CostMatrix matrix;
  std::vector<py::object> keep;
};

inline CostArg cost_arg(const py::object& obj) {
  CostArg arg;
  Problems problems;
  if (py::isinstance<py::tuple>(obj)) {  // ("csr", rows, cols, indptr, indices, data[, row_end])
    const auto t = obj.cast<py::tuple>();
    const auto indptr = Int64Array::ensure(t[3]);
    const auto indices = Int32Array::ensure(t[4]);
    const auto data = DoubleArray::ensure(t[5]);
    if (!indptr || !indices || !data || indptr.ndim() != 1 || indices.ndim() != 1 || data.ndim() != 1) {
      throw InputError("cost", "expected CSR arrays (indptr, indices, data) of one dimension each");
    }
    arg.keep = {indptr, indices, data};
    View<const std::int64_t, 1> row_end;  // each row's end, for the first columns of a larger matrix read in place
    if (t.size() > 6) {
      const auto ends = Int64Array::ensure(t[6]);
      if (!ends || ends.ndim() != 1) throw InputError("cost", "expected CSR row ends of one dimension");
      arg.keep.push_back(ends);
      row_end = View<const std::int64_t, 1>(ends.data(), {static_cast<index_t>(ends.shape(0))});
    }
    arg.matrix = coverage::CostMatrix::from_csr(t[1].cast<index_t>(), t[2].cast<index_t>(),
                                      View<const std::int64_t, 1>(indptr.data(), {static_cast<index_t>(indptr.shape(0))}),
                                      View<const std::int32_t, 1>(indices.data(), {static_cast<index_t>(indices.shape(0))}),
                                      View<const double, 1>(data.data(), {static_cast<index_t>(data.shape(0))}), row_end);
    return arg;
  }
  const auto a = as_double_array(obj, "cost", problems);
  problems.throw_if_any();
  arg.matrix = coverage::CostMatrix::from_dense(view_of<2>(a, {"cost", {"demand", "supply"}}, problems));
  problems.throw_if_any();
  arg.keep = {a};
  return arg;
}

}  // namespace edplan::python

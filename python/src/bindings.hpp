// SPDX-License-Identifier: MIT
#pragma once

// Declarations shared by the binding translation units: one register_<module> per C++ module,
// and the conversion of numpy arrays to edplan views (checked once, then copied never).

#include <edplan/core/error.hpp>
#include <edplan/core/ndarray.hpp>
#include <edplan/core/path.hpp>
#include <edplan/core/validate.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <array>
#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace edplan::python {

namespace py = pybind11;

/// numpy's "aligned" requirement for the arrays below: a buffer at an odd address (dask and
/// pickle hand out such arrays) is copied once, since reading doubles through it is UB.
inline constexpr int aligned = py::detail::npy_api::NPY_ARRAY_ALIGNED_;

/// A C-ordered, aligned array of `T`: numpy passes such arrays through and converts anything
/// else once.
template <class T>
using CArray = py::array_t<T, py::array::c_style | py::array::forcecast | aligned>;

/// A float64 C-ordered, aligned array.
using DoubleArray = CArray<double>;

void register_core(py::module_& m);
void register_population(py::module_& m);
void register_enrolment(py::module_& m);
void register_capacity(py::module_& m);
void register_programme(py::module_& m);
void register_targets(py::module_& m);
void register_coverage(py::module_& m);

/// A view of `a` as an N-dimensional array named by `field`; a wrong rank is recorded in
/// `problems` (with the shape received) and gives an empty view.
template <std::size_t N, class T>
View<const T, N> view_of(const CArray<T>& a, const Field<N>& field, Problems& problems) {
  if (a.ndim() != static_cast<py::ssize_t>(N)) {
    std::string axes, shape;
    for (std::size_t d = 0; d < N; ++d) axes += (d ? ", " : "") + field.axes[d];
    for (py::ssize_t d = 0; d < a.ndim(); ++d) shape += (d ? ", " : "") + std::to_string(a.shape(d));
    problems.add(field.name, "got an array of shape (" + shape + "); expected " + std::to_string(N) +
                                 " dimensions (" + axes + ")");
    return {};
  }
  typename View<const T, N>::shape_type shape{};
  for (std::size_t d = 0; d < N; ++d) shape[d] = static_cast<index_t>(a.shape(static_cast<py::ssize_t>(d)));
  return View<const T, N>(a.data(), shape);
}

/// A new, uninitialised C-ordered numpy array and a mutable view of it.
template <class T, std::size_t N>
std::pair<py::array_t<T>, View<T, N>> new_array(const std::array<index_t, N>& shape) {
  std::vector<py::ssize_t> dims(shape.begin(), shape.end());
  py::array_t<T> a(dims);
  return {a, View<T, N>(a.mutable_data(), shape)};
}

}  // namespace edplan::python

namespace edplan::python {

/// A caller-supplied output array (`out=`) and a mutable view of it, after checking that it is
/// a writeable, C-ordered float64 array of exactly `shape`.
template <std::size_t N>
std::pair<py::array_t<double>, View<double, N>> output_array(const py::object& obj, const std::array<index_t, N>& shape) {
  std::string want = "(";
  for (std::size_t d = 0; d < N; ++d) want += (d ? ", " : "") + std::to_string(shape[d]);
  want += ")";
  const auto problem = [&](const std::string& got) {
    throw InputError("out", "got " + got + "; expected a writeable C-ordered float64 array of shape " + want);
  };
  if (!py::isinstance<py::array_t<double>>(obj)) problem(std::string(py::str(py::type::of(obj).attr("__name__"))));
  auto a = py::reinterpret_borrow<py::array_t<double>>(obj);
  std::string got = "an array of shape (";
  for (py::ssize_t d = 0; d < a.ndim(); ++d) got += (d ? ", " : "") + std::to_string(a.shape(d));
  got += ")";
  bool ok = a.ndim() == static_cast<py::ssize_t>(N) && a.writeable() &&
            (a.flags() & py::array::c_style) == py::array::c_style;
  for (std::size_t d = 0; ok && d < N; ++d) ok = a.shape(static_cast<py::ssize_t>(d)) == shape[d];
  if (!ok) problem(got + (a.writeable() ? "" : ", read-only"));
  return {a, View<double, N>(a.mutable_data(), shape)};
}

/// Moves an NdArray into a numpy array that owns its storage (no copy of the elements).
template <class T, std::size_t N>
py::array_t<T> to_numpy(NdArray<T, N>&& a) {
  auto* storage = new std::vector<T>(std::move(a.storage()));
  const py::capsule owner(storage, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  std::vector<py::ssize_t> dims(a.shape().begin(), a.shape().end());
  return py::array_t<T>(dims, storage->data(), owner);
}

/// `obj` as a C-ordered array of `T`, or a problem naming `name` when numpy cannot convert it.
template <class T>
CArray<T> as_array(const py::handle& obj, const std::string& name, Problems& problems) {
  auto a = CArray<T>::ensure(obj);
  if (!a) {
    PyErr_Clear();
    problems.add(name, "got " + std::string(py::str(py::type::of(obj).attr("__name__"))) +
                           "; expected an array of numbers");
  }
  return a;
}

/// `obj` as a float64 C-ordered array, or a problem naming `name` when numpy cannot convert it.
inline DoubleArray as_double_array(const py::handle& obj, const std::string& name, Problems& problems) {
  return as_array<double>(obj, name, problems);
}

/// A read-only numpy array over the elements of `a`, which `owner` (the Python object of the
/// bound C++ value that holds `a`) keeps alive: no copy. `As` may name another element type of
/// the same size for numpy to read them as (0/1 bytes as bool).
template <class As = void, class T, std::size_t N>
auto readonly_array(const NdArray<T, N>& a, py::handle owner) {
  using E = std::conditional_t<std::is_void_v<As>, T, As>;
  static_assert(sizeof(E) == sizeof(T), "readonly_array: elements of another size");
  std::vector<py::ssize_t> dims(a.shape().begin(), a.shape().end());
  py::array_t<E> out(dims, reinterpret_cast<const E*>(a.data()), owner);
  out.attr("setflags")(py::arg("write") = false);
  return out;
}

}  // namespace edplan::python

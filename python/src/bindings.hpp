// SPDX-License-Identifier: MIT
#pragma once

// Declarations shared by the binding translation units: one register_<module> per C++ module,
// and the conversion of numpy arrays to edplan views (checked once, then copied never).

#include <edplan/core/error.hpp>
#include <edplan/core/ndarray.hpp>
#include <edplan/core/path.hpp>
#include <edplan/core/validate.hpp>
#include <edplan/population/projection.hpp>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
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
/// An int64 C-ordered, aligned array (indices, day numbers).
using Int64Array = CArray<std::int64_t>;
/// An int32 C-ordered, aligned array (CSR column indices).
using Int32Array = CArray<std::int32_t>;

/// population::ProjectionInputs with the numpy arrays its views read, kept alive with it: bound
/// as edplan._core.population.ProjectionInputs and held by the enrolment's PopulationChain.
struct PopulationInputs {
  DoubleArray base, survival, fertility;
  std::optional<DoubleArray> migration, births;
  population::ProjectionInputs views;
};

void register_core(py::module_& m);
void register_population(py::module_& m);
void register_enrolment(py::module_& m);
void register_capacity(py::module_& m);
void register_programme(py::module_& m);
void register_teachers(py::module_& m);
void register_targets(py::module_& m);
void register_coverage(py::module_& m);
/// The coverage metrics, older population and recommendation (register_coverage calls it).
void register_coverage_metrics(py::module_& m);
void register_capacitated(py::module_& m);
void register_scenario(py::module_& m);
/// The scenario's result classes (register_scenario calls it before binding the run).
void register_scenario_results(py::module_& m);

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

/// A numpy view of `a` that `owner` (the Python object holding `a`) keeps alive: no copy. It is
/// writeable, as any array a function returns: the result belongs to the caller.
template <class T, std::size_t N>
py::array_t<T> view_numpy(const NdArray<T, N>& a, const py::handle& owner) {
  std::vector<py::ssize_t> dims(a.shape().begin(), a.shape().end());
  return py::array_t<T>(dims, a.data(), owner);
}

/// A numpy view of `v` that `owner` (the Python object holding `v`) keeps alive: no copy.
template <class T>
py::array_t<T> view_numpy(const std::vector<T>& v, const py::handle& owner) {
  return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data(), owner);
}

/// A read-only property `name` of a bound result that gives its array member `member` (an
/// NdArray or a std::vector) as a numpy view kept alive by the object (no copy).
template <class C, class Base, class M, class... Options>
void array_property(py::class_<C, Options...>& c, const char* name, M Base::*member, const char* doc) {
  c.def_property_readonly(
      name, [member](const py::object& self) { return view_numpy(self.cast<const C&>().*member, self); }, doc);
}

/// Gives a bound value struct the conveniences of a frozen dataclass, all by the names of its
/// fields: `repr` as its keyword constructor call (`Weights(unmet=1.0, cost=1e-06, stranded=0.2)`),
/// `==` and `hash` field by field (a dict or list field hashed as a tuple of its items), and
/// pickling (the fields, restored through the keyword constructor).
template <class T, class... Options>
void value_struct(py::class_<T, Options...>& c, std::vector<std::string> fields) {
  c.def("__repr__", [fields](const py::object& self) {
    std::string out = py::str(py::type::of(self).attr("__name__")).cast<std::string>() + "(";
    for (std::size_t i = 0; i < fields.size(); ++i) {
      out += (i ? ", " : "") + fields[i] + "=" + py::repr(self.attr(fields[i].c_str())).cast<std::string>();
    }
    return out + ")";
  });
  c.def("__eq__", [fields](const py::object& self, const py::object& other) -> py::object {
    if (!py::isinstance(other, py::type::of(self))) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
    for (const auto& f : fields) {
      if (!self.attr(f.c_str()).equal(other.attr(f.c_str()))) return py::bool_(false);
    }
    return py::bool_(true);
  }, py::arg("other"));
  c.def("__hash__", [fields](const py::object& self) {
    py::list values;
    for (const auto& f : fields) {
      py::object v = self.attr(f.c_str());
      if (py::isinstance<py::dict>(v)) v = py::tuple(v.attr("items")());
      if (py::isinstance<py::list>(v)) v = py::tuple(v);
      values.append(v);
    }
    return py::hash(py::tuple(values));
  });
  c.def(py::pickle(
      [fields](const py::object& self) {
        py::dict state;
        for (const auto& f : fields) state[f.c_str()] = self.attr(f.c_str());
        return state;
      },
      [](const py::dict& state) { return py::type::of<T>()(**state).template cast<T>(); }));
}

/// One field of a bound value struct: its Python name, the member and its doc.
template <class T, class M>
struct Member {
  const char* name;
  M T::*member;
  const char* doc;
};

/// The field `name` of a value struct, read from `m`.
template <class T, class M>
Member<T, M> member(const char* name, M T::*m, const char* doc) {
  return {name, m, doc};
}

/// Binds the plain struct T as a value class named `name` in `scope`: a keyword-only constructor
/// with one argument per field, each defaulting to its value in `T{}` (the C++ default member
/// initialisers: one place for every default), read-only properties, and `value_struct`'s
/// repr, ==, hash and pickling. The fields are given in the struct's order.
template <class T, class... M>
py::class_<T> value_class(py::handle scope, const char* name, const char* doc, Member<T, M>... fields) {
  const T d{};
  py::class_<T> c(scope, name, doc);
  c.def(py::init([members = std::make_tuple(fields.member...)](M... values) {
          T t{};
          std::apply([&](auto... m) { ((t.*m = std::move(values)), ...); }, members);
          return t;
        }),
        py::kw_only(), (py::arg(fields.name) = d.*(fields.member))...);
  (c.def_readonly(fields.name, fields.member, fields.doc), ...);
  value_struct(c, {fields.name...});
  return c;
}

/// Named choices (a model, method, rule or kind given by name): (name, value) pairs.
template <class T>
using Choices = std::vector<std::pair<const char*, T>>;

/// The value of the choice named `name`, or an InputError naming `field` and listing every
/// accepted name.
template <class T>
T choice(const std::string& field, const std::string& name, const Choices<T>& choices) {
  std::string expected;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (name == choices[i].first) return choices[i].second;
    expected += std::string(i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + "\"" + choices[i].first + "\"";
  }
  throw InputError(field, "got '" + name + "'; expected " + (choices.size() > 2 ? "one of " : "") + expected);
}

/// The name of `value` among `choices`.
template <class T>
std::string name_of(T value, const Choices<T>& choices) {
  for (const auto& [name, v] : choices) {
    if (v == value) return name;
  }
  return "unknown";
}

/// The accepted names, in order, as a tuple for Python.
template <class T>
py::tuple names_of(const Choices<T>& choices) {
  py::list names;
  for (const auto& c : choices) names.append(c.first);
  return py::tuple(names);
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

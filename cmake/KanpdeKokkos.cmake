# Finds Kokkos (>= 3.4) and repairs the imported target where needed.
#
# Debian 12's libtrilinos-kokkos-dev (Kokkos 3.4.1, built inside Trilinos)
# exports Kokkos::kokkos with INTERFACE_INCLUDE_DIRECTORIES=/usr/lib/include,
# which does not exist; the headers are in Kokkos_INCLUDE_DIRS
# (/usr/include/trilinos). We replace the broken path with that one. Any other
# Kokkos (4.x with OpenMP, CUDA, HIP) is taken as is via -DKokkos_ROOT=.

find_package(Kokkos 3.4 REQUIRED)

if(NOT TARGET Kokkos::kokkos)
  message(FATAL_ERROR "kanpde: Kokkos was found but exports no Kokkos::kokkos target")
endif()

get_target_property(_kanpde_kokkos_alias Kokkos::kokkos ALIASED_TARGET)
if(_kanpde_kokkos_alias)
  set(_kanpde_kokkos_target ${_kanpde_kokkos_alias})
else()
  set(_kanpde_kokkos_target Kokkos::kokkos)
endif()

get_target_property(_kanpde_kokkos_inc ${_kanpde_kokkos_target} INTERFACE_INCLUDE_DIRECTORIES)
set(_kanpde_fixed_inc "")
set(_kanpde_needs_fix OFF)
foreach(_dir IN LISTS _kanpde_kokkos_inc)
  if(_dir MATCHES "^\\$<" OR EXISTS "${_dir}")
    list(APPEND _kanpde_fixed_inc "${_dir}")
  else()
    set(_kanpde_needs_fix ON)
  endif()
endforeach()
if(_kanpde_needs_fix OR NOT _kanpde_kokkos_inc)
  foreach(_dir IN LISTS Kokkos_INCLUDE_DIRS)
    get_filename_component(_abs "${_dir}" ABSOLUTE)
    list(APPEND _kanpde_fixed_inc "${_abs}")
  endforeach()
  list(REMOVE_DUPLICATES _kanpde_fixed_inc)
  set_target_properties(${_kanpde_kokkos_target} PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${_kanpde_fixed_inc}")
  message(STATUS "kanpde: repaired Kokkos include path -> ${_kanpde_fixed_inc}")
endif()

if(DEFINED Kokkos_DEVICES)
  string(REPLACE ";" ", " KANPDE_KOKKOS_DEVICES "${Kokkos_DEVICES}")
else()
  set(KANPDE_KOKKOS_DEVICES "unknown")
endif()
set_package_properties(Kokkos PROPERTIES TYPE REQUIRED
  PURPOSE "performance-portable kernels (backends: ${KANPDE_KOKKOS_DEVICES})")

# Spack recipe for kanpde. Use it from a local repository:
#
#   spack repo add tools/cluster/spack
#   spack install kanpde +mpi ^kokkos+openmp
#   spack install kanpde +mpi +cuda cuda_arch=90
#
# Set `git` below (or `spack install kanpde@main` from a mirror) to where your
# site keeps the source; `spack dev-build kanpde@main` builds a checkout.

from spack.package import *


class Kanpde(CMakePackage, CudaPackage):
    """Physics-informed PDE solver with Kolmogorov-Arnold Network trial
    functions (Poisson problems from YAML case files, finite-difference
    reference), portable through Kokkos, data-parallel over MPI ranks."""

    homepage = "https://example.org/kanpde"  # replace with your site's page
    git = "https://example.org/kanpde.git"  # replace with your site's repository

    maintainers("kanpde-developers")
    license("UNKNOWN")

    version("main", branch="main")

    variant("mpi", default=True, description="Split collocation points over MPI ranks")
    variant("openmp", default=True, description="Kokkos OpenMP backend (when not +cuda)")
    variant("tests", default=False, description="Build the GoogleTest suite")
    variant("benchmarks", default=False, description="Build the Google Benchmark programs")

    depends_on("cmake@3.16:", type="build")
    depends_on("kokkos@3.4:")
    depends_on("kokkos+openmp", when="+openmp~cuda")
    depends_on("kokkos+cuda+wrapper", when="+cuda")
    depends_on("kokkos-nvcc-wrapper", when="+cuda")
    for arch in CudaPackage.cuda_arch_values:
        depends_on(f"kokkos cuda_arch={arch}", when=f"+cuda cuda_arch={arch}")
    depends_on("eigen@3.3:")
    depends_on("hdf5~mpi", when="~mpi")
    depends_on("hdf5", when="+mpi")
    depends_on("yaml-cpp@0.6:")
    depends_on("cli11")
    depends_on("mpi", when="+mpi")
    depends_on("googletest", when="+tests", type=("build", "link"))
    depends_on("benchmark", when="+benchmarks", type=("build", "link"))

    def cmake_args(self):
        spec = self.spec
        args = [
            self.define_from_variant("KANPDE_ENABLE_MPI", "mpi"),
            self.define_from_variant("KANPDE_ENABLE_TESTS", "tests"),
            self.define_from_variant("KANPDE_ENABLE_BENCHMARKS", "benchmarks"),
            self.define("Kokkos_ROOT", spec["kokkos"].prefix),
        ]
        if spec.satisfies("+cuda"):
            args.append(self.define("CMAKE_CXX_COMPILER", spec["kokkos"].kokkos_cxx))
        return args

"""Where the numbers were computed: the BLAS kernel and numpy's SIMD loops of this machine.

numpy's matrix products go through OpenBLAS, which picks a kernel for the CPU it finds (SSE,
AVX, AVX2, AVX-512), and numpy's own loops are compiled for several instruction sets and
dispatched at run time. Kernels and loops add and round in different orders, so the last bits
of a result depend on the CPU. ``make test`` and ``make check`` print :func:`report` first
(tests/conftest.py), so that a failure report says what it ran on; the portability guard
(tests/test_portability.py) switches off the SIMD loops of :func:`simd_in_use`.

Neither here nor in the tests is OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE ever set: some machines
set them themselves, and older OpenBLAS builds compute wrongly or crash with other values.
"""

import os

import numpy as np


def simd_in_use():
    """numpy's dispatched SIMD features that this CPU has and this process uses, e.g.
    ``['X86_V3', 'X86_V4', 'AVX512_ICL']`` (beyond the baseline it was built for)."""
    from numpy._core import _multiarray_umath as umath

    return [f for f in umath.__cpu_dispatch__ if umath.__cpu_features__.get(f)]


def blas():
    """``(name, version, kernel, threads)`` of the BLAS numpy calls, from threadpoolctl."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:  # an environment without the test requirements
        return ("unknown (threadpoolctl is not installed)", "", "", "?")
    for lib in threadpool_info():
        if lib.get("user_api") == "blas":
            return (lib.get("internal_api", "?"), lib.get("version", "?"),
                    lib.get("architecture", "?"), lib.get("num_threads", "?"))
    return ("none found", "", "", "")


def report():
    """Two lines: the BLAS and its kernel, and numpy's SIMD loops, with the variables that
    choose them when they are set (by the machine, never by the tests)."""
    from numpy._core import _multiarray_umath as umath

    name, version, kernel, threads = blas()
    chosen = [f"{v}={os.environ[v]}" for v in
              ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "NPY_DISABLE_CPU_FEATURES")
              if os.environ.get(v)]
    return [
        f"numerics: BLAS {name} {version}, kernel {kernel}, {threads} threads",
        f"numerics: numpy {np.__version__} SIMD baseline {' '.join(umath.__cpu_baseline__)}, "
        f"dispatched {' '.join(simd_in_use()) or 'none'}"
        + (f"; set by the machine: {', '.join(chosen)}" if chosen else ""),
    ]


if __name__ == "__main__":
    print("\n".join(report()))

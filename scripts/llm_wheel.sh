#!/usr/bin/env bash
# Build llama-cpp-python from its PyPI sdist ONCE into a wheel cache, then install from the cache.
#
#   scripts/llm_wheel.sh [PYTHON]        # PYTHON defaults to .venv/bin/python
#
# The first run compiles llama.cpp for the CPU (about 10 minutes on 2 cores); later runs find
# the wheel in the cache and install it in seconds. The cache folder is
# $FIREKG_WHEEL_CACHE, default $HOME/.cache/firekg/wheels, with one subfolder per CPU feature set,
# because the build uses -march=native (GGML_NATIVE) and such a wheel may crash with
# "Illegal instruction" on a CPU that lacks an instruction it was built for.
#
# Only the CPU backend is built: no BLAS, CUDA, Vulkan or other backends, no llava/mtmd (images),
# no llama.cpp tests, tools, examples or server binaries (llama-cpp-python's own Python server
# does not need them). Set LLM_WHEEL_CMAKE_ARGS to add CMake flags, FIREKG_LLAMA_CPP_VERSION to
# change the pinned version (keep it in step with the pyproject `llm` extra).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${1:-.venv/bin/python}"
VERSION="${FIREKG_LLAMA_CPP_VERSION:-0.3.36}"
CACHE_ROOT="${FIREKG_WHEEL_CACHE:-$HOME/.cache/firekg/wheels}"
CPU_KEY="$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | sha256sum | cut -c1-12 || echo generic)"
# "noamx": wheels built before AMX was turned off (below) are not reused
WHEEL_DIR="$CACHE_ROOT/llama-cpp-python-$VERSION-$(uname -m)-$CPU_KEY-noamx"

export PIP_DISABLE_PIP_VERSION_CHECK=1
export CMAKE_ARGS="-DGGML_NATIVE=ON -DGGML_BLAS=OFF -DGGML_CUDA=OFF -DGGML_VULKAN=OFF \
-DGGML_METAL=OFF -DGGML_RPC=OFF -DLLAVA_BUILD=OFF -DLLAMA_CURL=OFF -DLLAMA_OPENSSL=OFF \
-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
-DLLAMA_BUILD_SERVER=OFF ${LLM_WHEEL_CMAKE_ARGS:-}"
# No AMX kernels: on a Xeon that reports AMX, -march=native compiled llama.cpp's AMX matrix multiply, and the
# first generation crashed the process (SIGSEGV in ggml_backend_amx_mul_mat, llama-cpp-python 0.3.36, 0.5B
# Q4_K_M). The AVX-512/AVX2 kernels are used instead.
if [ "$(uname -m)" = x86_64 ]; then
  export CFLAGS="${CFLAGS:-} -mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  export CXXFLAGS="${CXXFLAGS:-} -mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
fi
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"

find_wheel() {
  find "$WHEEL_DIR" -maxdepth 1 -name "llama_cpp_python-$VERSION-*.whl" 2>/dev/null | head -n1
}

if [ -z "$(find_wheel)" ]; then
  for tool in cmake gcc g++; do
    command -v "$tool" >/dev/null || {
      echo "llm_wheel: '$tool' is missing; install it (Debian: apt-get install -y cmake build-essential) and rerun." >&2
      exit 1
    }
  done
  mkdir -p "$WHEEL_DIR"
  echo "llm_wheel: building llama-cpp-python==$VERSION into $WHEEL_DIR (CPU only, -j$CMAKE_BUILD_PARALLEL_LEVEL)"
  start=$(date +%s)
  # --no-deps: only the llama-cpp-python wheel goes into the cache; its pure-Python
  # dependencies (numpy, jinja2, diskcache, typing-extensions) come from PyPI at install time.
  # --no-cache-dir: pip's own wheel cache would hand back a wheel built with other flags
  "$PYTHON" -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
    "llama-cpp-python==$VERSION" -w "$WHEEL_DIR"
  echo "llm_wheel: built in $(( $(date +%s) - start )) s"
else
  echo "llm_wheel: using cached $(find_wheel)"
fi

# the cached wheel replaces an installed build of the same version (one built with other flags), then the
# server extra's dependencies come from PyPI
"$PYTHON" -m pip install --quiet --force-reinstall --no-deps "$(find_wheel)"
"$PYTHON" -m pip install --quiet --find-links "$WHEEL_DIR" --only-binary llama-cpp-python \
  "llama-cpp-python[server]==$VERSION"
"$PYTHON" -c 'import llama_cpp; print("llm_wheel: llama_cpp", llama_cpp.__version__, "installed")'

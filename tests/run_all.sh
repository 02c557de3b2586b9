#!/usr/bin/env bash
# The whole test suite: the native build (ASan + UBSan), the native build
# again under ThreadSanitizer, the libFuzzer targets for 30 s each, the
# x86_64 Windows build under Wine, and the i686 Windows build checked
# statically (32-bit Wine cannot run here). Installs what it needs first; `.ci/run` calls this.
# Native comes first: the x86_64 tests that need a server run the native
# build's (build/native/bin, msdrm_add_test_with_server in tests/CMakeLists.txt).
# Ends with one line "N passed, M failed" over all five.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/cmake/setup.sh" || exit 1

passed=0
failed=0
for flavour in native tsan fuzz x86_64 i686; do
  echo "=== $flavour"
  mkdir -p "$root/build"
  build_log="$root/build/$flavour.build.log"
  if ! build=$(bash "$root/cmake/build.sh" "$flavour" 2>"$build_log" | tail -n 1); then
    echo "build of $flavour failed; the end of $build_log:"
    tail -n 40 "$build_log"
    failed=$((failed + 1))
    continue
  fi
  log="$build/ctest.log"
  ctest --test-dir "$build" --output-on-failure -j "$(nproc)" 2>&1 | tee "$log"
  summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)
  if [ -z "$summary" ]; then
    echo "ctest of $flavour gave no summary"
    failed=$((failed + 1))
    continue
  fi
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
  bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$summary")
  passed=$((passed + total - bad))
  failed=$((failed + bad))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

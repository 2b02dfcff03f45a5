#pragma once
// `quota-gateway export ...`, `quota-gateway check ...` and `quota-gateway help`: one fetch,
// printed, then exit (docs/api.md "Without a server: `export` and `check`"). main() dispatches
// here when argv[1] is one of them (is_subcommand in options.hpp).

namespace qg::cli {

// Returns the exit status (outcome.hpp).
int main(int argc, char** argv);

}  // namespace qg::cli

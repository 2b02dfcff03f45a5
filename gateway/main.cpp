// quota-gateway: see README.md. Everything lives in gateway/app and gateway/cli, so this stays the
// only code the libraries' tests do not link; the end-to-end tests start this binary as a process.
#include <string_view>

#include "gateway/app/application.hpp"
#include "gateway/cli/cli.hpp"
#include "gateway/cli/options.hpp"

int main(int argc, char** argv) {
  // `export`, `check`, `help`: one fetch, printed, no server (gateway/cli).
  if (argc > 1 && qg::cli::is_subcommand(argv[1])) return qg::cli::main(argc, argv);
  return qg::app::main_entry(argc, argv);
}

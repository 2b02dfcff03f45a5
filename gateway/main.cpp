// quota-gateway: see README.md. Everything lives in gateway/app, so this stays the only code the
// libraries' tests do not link; the end-to-end tests start this binary as a process.
#include "gateway/app/application.hpp"

int main(int argc, char** argv) { return qg::app::main_entry(argc, argv); }

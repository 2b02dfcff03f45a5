// quota-gateway: see README.md. Everything lives in gateway/app so tests can run it in-process.
#include "gateway/app/application.hpp"

int main(int argc, char** argv) { return qg::app::main_entry(argc, argv); }

# cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P embed.cmake
# Writes the file's bytes as a C++ array so the binary carries it without reading the tree.
file(READ ${INPUT} content HEX)
string(LENGTH "${content}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
file(WRITE ${OUTPUT}
  "// Generated from ${INPUT} by openapi/embed.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace qg::openapi {\n"
  "namespace { constexpr char kBytes[] = {${bytes} '\\0'}; }\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL}(kBytes, ${byte_count});\n"
  "}  // namespace qg::openapi\n")

# Test TLS material, generated at configure time (never committed): a private CA and a server
# certificate for localhost / 127.0.0.1 signed by it, plus a second CA nobody trusts.
find_program(QG_OPENSSL openssl REQUIRED)
set(QG_TEST_CERT_DIR ${CMAKE_BINARY_DIR}/test-certs)
if(NOT EXISTS ${QG_TEST_CERT_DIR}/wrong-name.crt)
  file(MAKE_DIRECTORY ${QG_TEST_CERT_DIR})
  file(WRITE ${QG_TEST_CERT_DIR}/san.ext "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n")
  set(run ${QG_OPENSSL})
  foreach(ca ca other-ca)
    execute_process(COMMAND ${run} req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=quota-gateway test ${ca}"
                    -keyout ${QG_TEST_CERT_DIR}/${ca}.key -out ${QG_TEST_CERT_DIR}/${ca}.crt
                    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "openssl could not create the test CA ${ca}")
    endif()
  endforeach()
  execute_process(COMMAND ${run} req -newkey rsa:2048 -nodes -subj "/CN=localhost"
                  -keyout ${QG_TEST_CERT_DIR}/server.key -out ${QG_TEST_CERT_DIR}/server.csr
                  RESULT_VARIABLE rc1 OUTPUT_QUIET ERROR_QUIET)
  execute_process(COMMAND ${run} x509 -req -in ${QG_TEST_CERT_DIR}/server.csr -CA ${QG_TEST_CERT_DIR}/ca.crt
                  -CAkey ${QG_TEST_CERT_DIR}/ca.key -CAcreateserial -days 3650
                  -extfile ${QG_TEST_CERT_DIR}/san.ext -out ${QG_TEST_CERT_DIR}/server.crt
                  RESULT_VARIABLE rc2 OUTPUT_QUIET ERROR_QUIET)
  # Signed by the trusted CA but for a name nobody connects to: host-name verification must fail.
  file(WRITE ${QG_TEST_CERT_DIR}/wrong.ext "subjectAltName=DNS:wrong-name.invalid\nbasicConstraints=CA:FALSE\n")
  execute_process(COMMAND ${run} req -newkey rsa:2048 -nodes -subj "/CN=wrong-name.invalid"
                  -keyout ${QG_TEST_CERT_DIR}/wrong-name.key -out ${QG_TEST_CERT_DIR}/wrong-name.csr
                  RESULT_VARIABLE rc3 OUTPUT_QUIET ERROR_QUIET)
  execute_process(COMMAND ${run} x509 -req -in ${QG_TEST_CERT_DIR}/wrong-name.csr -CA ${QG_TEST_CERT_DIR}/ca.crt
                  -CAkey ${QG_TEST_CERT_DIR}/ca.key -CAcreateserial -days 3650
                  -extfile ${QG_TEST_CERT_DIR}/wrong.ext -out ${QG_TEST_CERT_DIR}/wrong-name.crt
                  RESULT_VARIABLE rc4 OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc1 EQUAL 0 OR NOT rc2 EQUAL 0 OR NOT rc3 EQUAL 0 OR NOT rc4 EQUAL 0)
    message(FATAL_ERROR "openssl could not create the test server certificates")
  endif()
endif()

# The extraction test set (HTML pages, PDF and DOCX renderings of the real reports) and the
# classification set (classify_set.py) are generated at build time into the build tree by
# tests/data/extractor/make_testset.py: nothing generated is committed. Included from
# tests/CMakeLists.txt after the extractor suite is defined.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
set(NIANBAO_EXTRACTOR_TESTSET ${CMAKE_CURRENT_BINARY_DIR}/extractor-testset)
file(GLOB _testset_deps CONFIGURE_DEPENDS ${NIANBAO_TEST_DATA}/extractor/*.py ${NIANBAO_TEST_DATA}/reports/*.txt)
add_custom_command(OUTPUT ${NIANBAO_EXTRACTOR_TESTSET}/manifest.json ${NIANBAO_EXTRACTOR_TESTSET}/classify.json
  COMMAND ${Python3_EXECUTABLE} ${NIANBAO_TEST_DATA}/extractor/make_testset.py ${NIANBAO_EXTRACTOR_TESTSET}
  DEPENDS ${_testset_deps}
  COMMENT "Generating the extraction test set")
add_custom_target(extractor_testset DEPENDS ${NIANBAO_EXTRACTOR_TESTSET}/manifest.json)
add_dependencies(test_extractor extractor_testset)
target_compile_definitions(test_extractor PRIVATE NIANBAO_EXTRACTOR_TESTSET="${NIANBAO_EXTRACTOR_TESTSET}")

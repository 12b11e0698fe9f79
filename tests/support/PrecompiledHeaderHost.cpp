// Nothing of its own: the object library built from this file makes the precompiled header that the test
// programs of one folder share (pa_test_precompiled_headers in tests/CMakeLists.txt).

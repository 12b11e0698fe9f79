# profile_postgres_cluster: PostgresCluster, the throwaway PostgreSQL of the fault suites and the benchmark. A file
# of its own because the benchmark is also built without the tests (and so without Qt Test and this folder).
include_guard(GLOBAL)

add_library(profile_postgres_cluster STATIC
    ${CMAKE_CURRENT_LIST_DIR}/PostgresCluster.cpp ${CMAKE_CURRENT_LIST_DIR}/PostgresCluster.h)
target_include_directories(profile_postgres_cluster PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(profile_postgres_cluster PUBLIC profile_admin_common Qt6::Core Qt6::Sql)

#pragma once

#include "DatabaseUrl.h"
#include "TestDatabase.h"

// What the core suites share about test databases.
namespace CoreTest {

// The URL of `db` as profile-admin parses it (TestDatabase makes only valid ones).
inline DatabaseUrl urlOf(const TestDatabase &db)
{
    QString error;
    return DatabaseUrl::parse(db.url(), &error);
}

} // namespace CoreTest

#pragma once

#include "Connection.h"
#include "ProfileSchema.h"

#include <QString>

// Whether this connection may create and edit profiles, and if not, why. Asked once after discovery, so the
// CLI refuses before the first write and the GUI can disable its actions with the reason, instead of both
// learning it from a failed INSERT. The database stays the judge: when this finds no problem a write may
// still be refused (row-level security, triggers), and the fixer reports that error as it comes.
class WriteAccess
{
public:
    static WriteAccess check(const Connection &connection, const ProfileSchema &schema);

    bool canCreate() const { return m_createProblem.isEmpty(); }
    bool canEdit() const { return m_editProblem.isEmpty(); }
    // One clause each, e.g. "permission denied for table account_profile: the role "reader" may not insert
    // rows into it"; empty when allowed.
    QString createProblem() const { return m_createProblem; }
    QString editProblem() const { return m_editProblem; }

private:
    QString m_createProblem;
    QString m_editProblem;
};

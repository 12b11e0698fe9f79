#include "WriteAccess.h"

WriteAccess WriteAccess::check(const Connection &connection, const ProfileSchema &schema)
{
    WriteAccess access;
    if (!connection.readOnlyReason().isEmpty()) {
        access.m_createProblem = connection.readOnlyReason();
        access.m_editProblem = connection.readOnlyReason();
        return access;
    }
    const DatabaseEngine::WriteProblems problems =
        connection.engine().writeProblems(connection.database(), schema);
    access.m_createProblem = problems.create;
    access.m_editProblem = problems.edit;
    return access;
}

#pragma once

#include <QtGlobal>

// Keeps the commands' stderr to their own one-sentence errors. After a lost connection QtSql's drivers warn
// on their own ("Unable to free statement: no connection to the server", "QSqlQuery::exec: database not
// open"), repeating less clearly what the command already reports. Only those known lines are dropped; all
// other messages pass through, and PROFILE_ADMIN_DEBUG=1 lets these through too.
class DriverNoiseFilter
{
public:
    DriverNoiseFilter();  // installs the filter in front of the current message handler
    ~DriverNoiseFilter(); // puts the previous handler back
    DriverNoiseFilter(const DriverNoiseFilter &) = delete;
    DriverNoiseFilter &operator=(const DriverNoiseFilter &) = delete;

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message);

    bool m_installed = false;
};

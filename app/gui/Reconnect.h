#pragma once

#include <QCoreApplication>
#include <QString>

class Connection;

// The server may drop the window's connection (restart, failover) while the window sits idle; these open it
// again before the next read or write, so the user never has to.
class Reconnect
{
    Q_DECLARE_TR_FUNCTIONS(Reconnect)

public:
    // True when `connection` was lost and is open again; false when it was not lost, or, with `error` saying
    // why, when it cannot be opened again.
    static bool ifLost(Connection &connection, QString *error);
    // Empty when `connection` can be used (opened again if it was lost); otherwise the sentence saying why
    // not.
    static QString ensureConnected(Connection &connection);
};

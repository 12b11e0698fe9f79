#include "Reconnect.h"

#include "Connection.h"

bool Reconnect::ifLost(Connection &connection, QString *error)
{
    if (!connection.isLost())
        return false;
    if (connection.reconnect())
        return true;
    *error =
        tr("The connection to the database was lost and cannot be made again: %1 Your changes are kept; try "
           "again when the database is back.")
            .arg(connection.errorText());
    return false;
}

QString Reconnect::ensureConnected(Connection &connection)
{
    QString error;
    ifLost(connection, &error);
    return error;
}

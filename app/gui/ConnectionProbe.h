#pragma once

#include "DatabaseUrl.h"
#include "SchemaDiscovery.h"

#include <QString>

#include <functional>

class QObject;

// What trying a database found: whether it could be opened (and whether a password is what it lacked), and
// what schema discovery saw in it.
struct ProbeResult
{
    bool connected = false;
    bool passwordRequired = false;
    QString error; // one sentence for the user when not connected
    DiscoveryResult discovery;
};

// Opens a database and discovers its schema on a thread of its own, so that an unreachable server (libpq
// waits up to connect_timeout) never freezes the window.
class ConnectionProbe
{
public:
    // `done` runs on the caller's thread with the result, unless `context` was destroyed meanwhile; the
    // thread then ends on its own.
    static void start(const DatabaseUrl &url, const DiscoveryOverrides &overrides, QObject *context,
                      std::function<void(const ProbeResult &)> done);
};
